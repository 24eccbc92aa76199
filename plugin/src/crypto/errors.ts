import { P2PError } from '../util/errors';

/** Why a crypto operation failed. */
export const CryptoErrorCode = {
  /** A key, seed, nonce or signature argument has the wrong length. */
  BadLength: 'bad-length',
  /** A serialised key ring is not valid JSON or lacks a required field. */
  Malformed: 'malformed',
  /** A serialised key ring has a version this code does not read. */
  UnsupportedVersion: 'unsupported-version',
  /** A field that must be base64 is not canonical padded base64. */
  BadBase64: 'bad-base64',
  /** A public key does not belong to the secret key it is paired with. */
  KeyMismatch: 'key-mismatch',
  /** The requested backend does not exist on this platform (e.g. no WebCrypto Ed25519). */
  Unavailable: 'unavailable',
} as const;
/** One of {@link CryptoErrorCode}'s values. */
export type CryptoErrorCode = (typeof CryptoErrorCode)[keyof typeof CryptoErrorCode];

/** An error from the crypto module. */
export class CryptoError extends P2PError<CryptoErrorCode> {}
