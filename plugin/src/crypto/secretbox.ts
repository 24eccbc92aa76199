import nacl from 'tweetnacl';
import { hasLength, requireLength } from './check';
import { NONCE_BYTES, SECRETBOX_KEY_BYTES } from './constants';

/**
 * Seals `message` with a 32-byte key and a 24-byte nonce (XSalsa20-Poly1305). The result is
 * 16 bytes longer than the message. Never reuse a (key, nonce) pair for two messages.
 * Throws `bad-length` on a wrong key or nonce length.
 */
export function secretboxSeal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  requireLength('secretbox nonce', nonce, NONCE_BYTES);
  requireLength('secretbox key', key, SECRETBOX_KEY_BYTES);
  return nacl.secretbox(message, nonce, key);
}

/**
 * Opens a sealed secretbox; `undefined` when it was tampered with, the key or nonce is wrong,
 * or any argument is malformed. Never throws.
 */
export function secretboxOpen(sealed: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  if (!(sealed instanceof Uint8Array) || !hasLength(nonce, NONCE_BYTES) || !hasLength(key, SECRETBOX_KEY_BYTES)) {
    return undefined;
  }
  try {
    return nacl.secretbox.open(sealed, nonce, key) ?? undefined;
  } catch {
    return undefined;
  }
}
