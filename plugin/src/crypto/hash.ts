import nacl from 'tweetnacl';
import { HASH32_BYTES } from './constants';

/** SHA-512 of `bytes` (64 bytes). */
export function sha512(bytes: Uint8Array): Uint8Array {
  return nacl.hash(bytes);
}

/**
 * The project's 256-bit hash: the first 32 bytes of SHA-512 (SHA-512 truncated, not
 * SHA-512/256, which uses other initial values). Used for DHT ids, digests and commitments.
 */
export function hash32(bytes: Uint8Array): Uint8Array {
  return nacl.hash(bytes).slice(0, HASH32_BYTES);
}
