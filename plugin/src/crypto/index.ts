/**
 * Crypto for the P2P library: Ed25519 signatures (WebCrypto with a tweetnacl fallback),
 * secretbox / box (tweetnacl), SHA-512 (WebAssembly, tweetnacl until it loads or where it is refused), secure random bytes, and the player's key ring.
 * See `plugin/spec/crypto.md`.
 */
export { boxBefore, boxOpen, boxOpenAfter, boxSeal, boxSealAfter } from './box';
export {
  BOX_OVERHEAD_BYTES,
  BOX_PUBLIC_KEY_BYTES,
  BOX_SECRET_KEY_BYTES,
  HASH32_BYTES,
  NONCE_BYTES,
  SECRETBOX_KEY_BYTES,
  SHA512_BYTES,
  SIGN_PUBLIC_KEY_BYTES,
  SIGN_SECRET_KEY_BYTES,
  SIGN_SEED_BYTES,
  SIGNATURE_BYTES,
} from './constants';
export { type CreateEd25519Options, createEd25519, probeWebCryptoEd25519 } from './create';
export type { Ed25519, Ed25519Backend } from './ed25519';
export { CryptoError, CryptoErrorCode } from './errors';
export { type HashBackend, hash32, hashBackend, loadFastHash, sha512 } from './hash';
export { generateKeyRing, KEY_RING_VERSION, type KeyRing, parseKeyRing, serializeKeyRing } from './keyring';
export {
  type BoxKeyPair,
  boxKeyPairFromSecretKey,
  generateBoxKeyPair,
  generateSignKeyPair,
  type SignKeyPair,
  signKeyPairFromSeed,
  signPublicKeyOf,
  signSeedOf,
} from './keys';
export { randomBytes } from './random';
export { secretboxOpen, secretboxSeal } from './secretbox';
export { createSigner, type Signer } from './signer';
