/** Byte lengths of every key, nonce, signature and digest the crypto module handles. */

/** Ed25519 seed (the private half of a signing key). */
export const SIGN_SEED_BYTES = 32;
/** Ed25519 public key. */
export const SIGN_PUBLIC_KEY_BYTES = 32;
/** Ed25519 secret key in tweetnacl's format: seed (32) followed by the public key (32). */
export const SIGN_SECRET_KEY_BYTES = 64;
/** Ed25519 signature: R (32) followed by S (32). */
export const SIGNATURE_BYTES = 64;
/** X25519 public key of a box key pair. */
export const BOX_PUBLIC_KEY_BYTES = 32;
/** X25519 secret key of a box key pair. */
export const BOX_SECRET_KEY_BYTES = 32;
/** Key of a secretbox, and the shared key that `boxBefore` returns. */
export const SECRETBOX_KEY_BYTES = 32;
/** Nonce of a secretbox or a box (XSalsa20). */
export const NONCE_BYTES = 24;
/** Bytes a sealed secretbox or box is longer than its plaintext (the Poly1305 tag). */
export const BOX_OVERHEAD_BYTES = 16;
/** SHA-512 digest. */
export const SHA512_BYTES = 64;
/** The project's 256-bit hash ({@link hash32}). */
export const HASH32_BYTES = 32;
