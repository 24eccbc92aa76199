import nacl from 'tweetnacl';
import { requireLength } from './check';
import { SIGN_SECRET_KEY_BYTES } from './constants';
import { type BindableEd25519, type BoundSign, verifyPreconditions } from './ed25519';

/**
 * Ed25519 in pure JavaScript (tweetnacl). Works everywhere but costs milliseconds per
 * operation; the fallback when the platform has no WebCrypto Ed25519.
 */
export class TweetNaclEd25519 implements BindableEd25519 {
  readonly backend = 'tweetnacl' as const;

  async sign(secretKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
    requireLength('Ed25519 secret key', secretKey, SIGN_SECRET_KEY_BYTES);
    return nacl.sign.detached(message, secretKey);
  }

  async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (!verifyPreconditions(publicKey, message, signature)) return false;
    try {
      return nacl.sign.detached.verify(message, signature, publicKey);
    } catch {
      return false;
    }
  }

  async bindSigner(secretKey: Uint8Array): Promise<BoundSign> {
    requireLength('Ed25519 secret key', secretKey, SIGN_SECRET_KEY_BYTES);
    const key = secretKey.slice();
    return async (message) => nacl.sign.detached(message, key);
  }
}
