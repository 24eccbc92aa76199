import { bytesEqual } from '../util/bytes';
import { requireLength } from './check';
import { SIGN_PUBLIC_KEY_BYTES, SIGN_SECRET_KEY_BYTES } from './constants';
import { type BoundSign, type Ed25519, type Ed25519Backend, isBindable } from './ed25519';
import { CryptoError, CryptoErrorCode } from './errors';
import { type SignKeyPair, signPublicKeyOf } from './keys';

/** Signs with one key pair, many times (the key is prepared once). */
export interface Signer {
  /** The backend that signs. */
  readonly backend: Ed25519Backend;
  /** The 32-byte public key that verifies this signer's signatures (a copy; do not mutate). */
  readonly publicKey: Uint8Array;
  /** The 64-byte Ed25519 signature of `message`. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

const SELF_TEST_MESSAGE = new TextEncoder().encode('p2p-mmo signer self-test');

/**
 * A {@link Signer} for `keyPair` on `ed`. Checks the key pair once by signing and verifying a
 * test message, so a public key that does not belong to the secret key fails here (rejects with
 * `key-mismatch`) instead of producing signatures nobody accepts. Rejects with `bad-length` on
 * malformed keys.
 */
export async function createSigner(ed: Ed25519, keyPair: SignKeyPair): Promise<Signer> {
  requireLength('Ed25519 public key', keyPair.publicKey, SIGN_PUBLIC_KEY_BYTES);
  requireLength('Ed25519 secret key', keyPair.secretKey, SIGN_SECRET_KEY_BYTES);
  const publicKey = keyPair.publicKey.slice();
  if (!bytesEqual(signPublicKeyOf(keyPair.secretKey), publicKey)) {
    throw new CryptoError(CryptoErrorCode.KeyMismatch, 'the secret key holds a different public key');
  }
  const secretKey = keyPair.secretKey.slice();
  const sign: BoundSign = isBindable(ed) ? await ed.bindSigner(secretKey) : (message) => ed.sign(secretKey, message);
  const probe = await sign(SELF_TEST_MESSAGE);
  if (!(await ed.verify(publicKey, SELF_TEST_MESSAGE, probe))) {
    throw new CryptoError(CryptoErrorCode.KeyMismatch, 'the public key does not belong to the seed');
  }
  return { backend: ed.backend, publicKey, sign };
}
