import nacl from 'tweetnacl';
import { requireLength } from './check';
import { BOX_SECRET_KEY_BYTES, SIGN_PUBLIC_KEY_BYTES, SIGN_SECRET_KEY_BYTES, SIGN_SEED_BYTES } from './constants';

/**
 * An Ed25519 key pair in tweetnacl's format: `publicKey` 32 bytes, `secretKey` 64 bytes
 * (the 32-byte seed followed by the public key).
 */
export interface SignKeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** An X25519 key pair for `box`: `publicKey` 32 bytes, `secretKey` 32 bytes. */
export interface BoxKeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** A fresh random Ed25519 key pair (tweetnacl, seeded from `crypto.getRandomValues`). */
export function generateSignKeyPair(): SignKeyPair {
  const { publicKey, secretKey } = nacl.sign.keyPair();
  return { publicKey, secretKey };
}

/** The Ed25519 key pair of a 32-byte seed (RFC 8032's "secret key"). Throws `bad-length`. */
export function signKeyPairFromSeed(seed: Uint8Array): SignKeyPair {
  requireLength('Ed25519 seed', seed, SIGN_SEED_BYTES);
  const { publicKey, secretKey } = nacl.sign.keyPair.fromSeed(seed);
  return { publicKey, secretKey };
}

/** The 32-byte seed inside a 64-byte Ed25519 secret key (a copy). Throws `bad-length`. */
export function signSeedOf(secretKey: Uint8Array): Uint8Array {
  requireLength('Ed25519 secret key', secretKey, SIGN_SECRET_KEY_BYTES);
  return secretKey.slice(0, SIGN_SEED_BYTES);
}

/** The public key stored in a 64-byte Ed25519 secret key (a copy). Throws `bad-length`. */
export function signPublicKeyOf(secretKey: Uint8Array): Uint8Array {
  requireLength('Ed25519 secret key', secretKey, SIGN_SECRET_KEY_BYTES);
  return secretKey.slice(SIGN_SEED_BYTES, SIGN_SEED_BYTES + SIGN_PUBLIC_KEY_BYTES);
}

/** A fresh random X25519 key pair for `box`. */
export function generateBoxKeyPair(): BoxKeyPair {
  const { publicKey, secretKey } = nacl.box.keyPair();
  return { publicKey, secretKey };
}

/** The box key pair of a 32-byte X25519 secret key. Throws `bad-length`. */
export function boxKeyPairFromSecretKey(secretKey: Uint8Array): BoxKeyPair {
  requireLength('box secret key', secretKey, BOX_SECRET_KEY_BYTES);
  const pair = nacl.box.keyPair.fromSecretKey(secretKey);
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
}
