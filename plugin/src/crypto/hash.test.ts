import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { toHex } from '../util/bytes';
import { hash32, hashBackend, loadFastHash, selectHashBackend, sha512 } from './hash';
import { randomBytes } from './random';

const ABC = new TextEncoder().encode('abc');

describe('hashes', () => {
  it('sha512 matches FIPS 180 for "abc" and ""', () => {
    expect(toHex(sha512(ABC))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(toHex(sha512(new Uint8Array(0)))).toBe(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
  });

  it('hash32 is the first 32 bytes of SHA-512', () => {
    const h = hash32(ABC);
    expect(h.length).toBe(32);
    expect(toHex(h)).toBe('ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a');
    expect(h.buffer.byteLength).toBe(32); // a standalone array, not a view into the digest
  });
});

describe('WebAssembly SHA-512', () => {
  it('replaces tweetnacl once loaded, and gives its bytes for every input', async () => {
    expect(hashBackend()).toBe('tweetnacl');
    expect(await loadFastHash()).toBe('wasm');
    expect(hashBackend()).toBe('wasm');
    expect(toHex(sha512(ABC))).toBe(toHex(nacl.hash(ABC)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        expect(toHex(sha512(bytes))).toBe(toHex(nacl.hash(bytes)));
        expect(toHex(hash32(bytes))).toBe(toHex(nacl.hash(bytes).subarray(0, 32)));
      }),
      { numRuns: 300 },
    );
  });

  it('hands out separate digests (the hasher is reused between calls)', async () => {
    await loadFastHash();
    const a = sha512(ABC);
    const b = sha512(new Uint8Array(0));
    expect(a).not.toBe(b);
    expect(toHex(a).startsWith('ddaf35a1')).toBe(true);
    expect(toHex(hash32(ABC))).toBe('ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a');
  });

  it('can be switched back to tweetnacl and forth (the cpu bench times both)', async () => {
    await loadFastHash();
    selectHashBackend('tweetnacl');
    expect(hashBackend()).toBe('tweetnacl');
    const slow = toHex(sha512(ABC));
    selectHashBackend('wasm');
    expect(hashBackend()).toBe('wasm');
    expect(toHex(sha512(ABC))).toBe(slow);
  });
});

describe('randomBytes', () => {
  it('returns n fresh bytes', () => {
    expect(randomBytes(0).length).toBe(0);
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(a.length).toBe(32);
    expect(toHex(a)).not.toBe(toHex(b));
  });
});
