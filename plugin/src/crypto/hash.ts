import { createSHA512 } from 'hash-wasm';
import nacl from 'tweetnacl';
import { bytesEqual, fromHex } from '../util/bytes';
import { HASH32_BYTES } from './constants';

type Digest = (bytes: Uint8Array) => Uint8Array;

/** tweetnacl's SHA-512: always there, and the reference the WebAssembly one must match. */
const portable: Digest = (bytes) => nacl.hash(bytes);
/** The WebAssembly digest once loaded and checked. */
let fast: Digest | undefined;
let digest: Digest = portable;

/** SHA-512 of `bytes` (64 bytes). */
export function sha512(bytes: Uint8Array): Uint8Array {
  return digest(bytes);
}

/**
 * The project's 256-bit hash: the first 32 bytes of SHA-512 (SHA-512 truncated, not
 * SHA-512/256, which uses other initial values). Used for DHT ids, digests and commitments.
 */
export function hash32(bytes: Uint8Array): Uint8Array {
  return digest(bytes).slice(0, HASH32_BYTES);
}

/** Which implementation {@link sha512} runs on. */
export type HashBackend = 'wasm' | 'tweetnacl';

// FIPS 180-2, appendix C.1: SHA-512("abc"), and one input of two blocks for the padding path.
const ABC = new Uint8Array([0x61, 0x62, 0x63]);
const ABC_SHA512 = fromHex(
  'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
)!;
const TWO_BLOCKS = Uint8Array.from({ length: 200 }, (_, i) => (i * 7) & 0xff);

async function loadWasm(): Promise<HashBackend> {
  try {
    const hasher = await createSHA512();
    const wasm: Digest = (bytes) => hasher.init().update(bytes).digest('binary');
    // Only a hasher that gives tweetnacl's answers byte for byte replaces it.
    if (!bytesEqual(wasm(ABC), ABC_SHA512) || !bytesEqual(wasm(TWO_BLOCKS), portable(TWO_BLOCKS))) return 'tweetnacl';
    fast = wasm;
    digest = wasm;
    return 'wasm';
  } catch {
    // No WebAssembly (a Content-Security-Policy without 'wasm-unsafe-eval', an old engine).
    return 'tweetnacl';
  }
}

let loading: Promise<HashBackend> | undefined;

/**
 * Moves {@link sha512} and {@link hash32} onto a WebAssembly SHA-512 (about four times faster
 * than tweetnacl's on round-sized inputs: a NEO member hashes one commitment per member per
 * round). Both give the same bytes, so hashing works the same before, during and after the
 * switch, and where WebAssembly is refused the hashes stay on tweetnacl. Loads once per process;
 * {@link createEd25519} awaits it, so every session and group runs on the fast one.
 */
export function loadFastHash(): Promise<HashBackend> {
  loading ??= loadWasm();
  return loading;
}

/**
 * Internal (benchmarks): runs {@link sha512} on `backend` from now on, so one process can time
 * the protocol on both side by side. `'wasm'` needs {@link loadFastHash} to have succeeded.
 */
export function selectHashBackend(backend: HashBackend): void {
  if (backend === 'tweetnacl') digest = portable;
  else if (fast !== undefined) digest = fast;
  else throw new Error('the WebAssembly SHA-512 is not loaded');
}

/** The implementation {@link sha512} runs on now. */
export function hashBackend(): HashBackend {
  return digest === portable ? 'tweetnacl' : 'wasm';
}
