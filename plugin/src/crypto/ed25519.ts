import { hasLength } from './check';
import { SIGN_PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './constants';

/** Which implementation an {@link Ed25519} uses. */
export type Ed25519Backend = 'webcrypto' | 'tweetnacl';

/**
 * Ed25519 signatures (RFC 8032, pure Ed25519). Every backend produces byte-identical
 * signatures for the same key and message (Ed25519 is deterministic) and accepts the same
 * signatures, so peers on different backends interoperate.
 */
export interface Ed25519 {
  /** The implementation in use. */
  readonly backend: Ed25519Backend;
  /**
   * Signs `message` with `secretKey` in tweetnacl's 64-byte format (seed || public key).
   * Rejects with a `bad-length` `CryptoError` when the secret key is not 64 bytes.
   */
  sign(secretKey: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
  /**
   * Whether `signature` is `publicKey`'s signature of `message`. Never rejects: malformed
   * lengths, keys that are not curve points and non-canonical signatures (S >= L) give `false`.
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** A sign function bound to one secret key (the hot path signs with one key many times). */
export type BoundSign = (message: Uint8Array) => Promise<Uint8Array>;

/** Internal: a backend that can prepare a secret key once for many signatures. */
export interface BindableEd25519 extends Ed25519 {
  bindSigner(secretKey: Uint8Array): Promise<BoundSign>;
}

/** Internal: whether `ed` is one of this module's backends (it can bind a key). */
export function isBindable(ed: Ed25519): ed is BindableEd25519 {
  return typeof (ed as Partial<BindableEd25519>).bindSigner === 'function';
}

/** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const ORDER_L = new Uint8Array([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/**
 * Whether the signature's S half is reduced (S < L). RFC 8032 section 5.1.7 requires this
 * check; OpenSSL and Chromium do it, tweetnacl does not, so both backends apply it here to
 * accept exactly the same signatures (and to rule out the S + L malleability).
 */
export function hasCanonicalS(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i] ?? 0;
    const l = ORDER_L[i] ?? 0;
    if (s !== l) return s < l;
  }
  return false; // S == L
}

/** Length and canonical-S checks shared by both backends' `verify`. */
export function verifyPreconditions(publicKey: unknown, message: unknown, signature: unknown): boolean {
  return (
    hasLength(publicKey, SIGN_PUBLIC_KEY_BYTES) &&
    message instanceof Uint8Array &&
    hasLength(signature, SIGNATURE_BYTES) &&
    hasCanonicalS(signature)
  );
}
