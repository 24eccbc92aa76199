import { describe, expect, it, vi } from 'vitest';
import { toHex } from '../util/bytes';

// A page whose Content-Security-Policy refuses WebAssembly: compiling the hasher fails.
const refused = vi.hoisted(() => ({ mode: 'refuse' as 'refuse' | 'wrong' }));
vi.mock('hash-wasm', () => ({
  createSHA512: async () => {
    if (refused.mode === 'refuse') throw new Error("WebAssembly.compile(): Refused to compile: no 'wasm-unsafe-eval'");
    // A hasher that answers wrongly must not replace the reference.
    const hasher = { init: () => hasher, update: () => hasher, digest: () => new Uint8Array(64) };
    return hasher;
  },
}));

const ABC = new TextEncoder().encode('abc');
const ABC_HEX =
  'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f';

describe('SHA-512 without WebAssembly', () => {
  it('stays on tweetnacl when WebAssembly is refused, and hashes correctly', async () => {
    vi.resetModules();
    refused.mode = 'refuse';
    const { hashBackend, loadFastHash, selectHashBackend, sha512 } = await import('./hash');
    expect(await loadFastHash()).toBe('tweetnacl');
    expect(hashBackend()).toBe('tweetnacl');
    expect(toHex(sha512(ABC))).toBe(ABC_HEX);
    expect(() => selectHashBackend('wasm')).toThrow(/not loaded/);
  });

  it('refuses a hasher that fails the known answers', async () => {
    vi.resetModules();
    refused.mode = 'wrong';
    const { hashBackend, loadFastHash, sha512 } = await import('./hash');
    expect(await loadFastHash()).toBe('tweetnacl');
    expect(hashBackend()).toBe('tweetnacl');
    expect(toHex(sha512(ABC))).toBe(ABC_HEX);
  });

  it('lets createEd25519 succeed on the fallback', async () => {
    vi.resetModules();
    refused.mode = 'refuse';
    const { createEd25519 } = await import('./create');
    const { hashBackend } = await import('./hash');
    const ed = await createEd25519({ backend: 'tweetnacl' });
    expect(ed.backend).toBe('tweetnacl');
    expect(hashBackend()).toBe('tweetnacl');
  });
});
