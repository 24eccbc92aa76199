import nacl from 'tweetnacl';
import { hasLength, requireLength } from './check';
import { BOX_PUBLIC_KEY_BYTES, BOX_SECRET_KEY_BYTES, NONCE_BYTES, SECRETBOX_KEY_BYTES } from './constants';
import { secretboxOpen, secretboxSeal } from './secretbox';

/**
 * Seals `message` from the holder of `mySecretKey` to the holder of `theirPublicKey`
 * (X25519 + XSalsa20-Poly1305, NaCl `crypto_box`). Throws `bad-length` on malformed arguments.
 */
export function boxSeal(
  message: Uint8Array,
  nonce: Uint8Array,
  theirPublicKey: Uint8Array,
  mySecretKey: Uint8Array,
): Uint8Array {
  requireLength('box nonce', nonce, NONCE_BYTES);
  requireLength('box public key', theirPublicKey, BOX_PUBLIC_KEY_BYTES);
  requireLength('box secret key', mySecretKey, BOX_SECRET_KEY_BYTES);
  return nacl.box(message, nonce, theirPublicKey, mySecretKey);
}

/**
 * Opens a box sealed by the holder of `theirPublicKey` for the holder of `mySecretKey`;
 * `undefined` on tampering, wrong keys or nonce, or malformed arguments. Never throws.
 */
export function boxOpen(
  sealed: Uint8Array,
  nonce: Uint8Array,
  theirPublicKey: Uint8Array,
  mySecretKey: Uint8Array,
): Uint8Array | undefined {
  if (!hasLength(theirPublicKey, BOX_PUBLIC_KEY_BYTES) || !hasLength(mySecretKey, BOX_SECRET_KEY_BYTES)) {
    return undefined;
  }
  if (!(sealed instanceof Uint8Array) || !hasLength(nonce, NONCE_BYTES)) return undefined;
  try {
    return nacl.box.open(sealed, nonce, theirPublicKey, mySecretKey) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The 32-byte shared key of a box between two parties (both sides compute the same one).
 * Precompute it once per peer: {@link boxSealAfter} / {@link boxOpenAfter} then cost a
 * secretbox instead of a scalar multiplication. Throws `bad-length` on malformed keys.
 */
export function boxBefore(theirPublicKey: Uint8Array, mySecretKey: Uint8Array): Uint8Array {
  requireLength('box public key', theirPublicKey, BOX_PUBLIC_KEY_BYTES);
  requireLength('box secret key', mySecretKey, BOX_SECRET_KEY_BYTES);
  return nacl.box.before(theirPublicKey, mySecretKey);
}

/** {@link boxSeal} with a shared key from {@link boxBefore}. Throws `bad-length`. */
export function boxSealAfter(message: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array): Uint8Array {
  requireLength('box shared key', sharedKey, SECRETBOX_KEY_BYTES);
  return secretboxSeal(message, nonce, sharedKey);
}

/** {@link boxOpen} with a shared key from {@link boxBefore}; `undefined` on failure. */
export function boxOpenAfter(sealed: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array): Uint8Array | undefined {
  return secretboxOpen(sealed, nonce, sharedKey);
}
