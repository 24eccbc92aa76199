import { decodeBase64 } from '../util/base64';
import { requireLength } from './check';
import { SIGN_SECRET_KEY_BYTES, SIGN_SEED_BYTES } from './constants';
import { type BindableEd25519, type BoundSign, verifyPreconditions } from './ed25519';
import { CryptoError, CryptoErrorCode } from './errors';
import { LruCache } from './lru';

const ALGORITHM = { name: 'Ed25519' } as const;

/** DER header of a PKCS#8 Ed25519 private key (RFC 8410); the 32-byte seed follows it. */
const PKCS8_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/** Default number of imported keys kept per cache (private and public keys separately). */
export const DEFAULT_KEY_CACHE_SIZE = 256;

/** The platform's SubtleCrypto, or `undefined` (insecure browser context, very old runtime). */
export function platformSubtle(): SubtleCrypto | undefined {
  const c: Crypto | undefined = globalThis.crypto;
  return c?.subtle;
}

function isArrayBufferBacked(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer;
}

/** The bytes as a WebCrypto `BufferSource` (copied only when backed by a SharedArrayBuffer). */
function source(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return isArrayBufferBacked(bytes) ? bytes : new Uint8Array(bytes);
}

/** A compact Map key for key bytes (one UTF-16 unit per byte). */
function cacheId(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** Imports a 32-byte seed as a non-extractable (unless asked) PKCS#8 Ed25519 private key. */
function importSeed(subtle: SubtleCrypto, seed: Uint8Array, extractable = false): Promise<CryptoKey> {
  const der = new Uint8Array(PKCS8_PREFIX.length + SIGN_SEED_BYTES);
  der.set(PKCS8_PREFIX);
  der.set(seed, PKCS8_PREFIX.length);
  const key = subtle.importKey('pkcs8', der, ALGORITHM, extractable, ['sign']);
  der.fill(0); // importKey copied the bytes synchronously
  return key;
}

/**
 * Ed25519 on the platform's WebCrypto (`globalThis.crypto.subtle`): Node 20+ and current
 * Chromium. About 50 times faster than tweetnacl. Imported `CryptoKey`s are kept in bounded
 * LRU caches (importing costs about as much as a verification).
 */
export class WebCryptoEd25519 implements BindableEd25519 {
  readonly backend = 'webcrypto' as const;
  readonly #subtle: SubtleCrypto;
  readonly #privateKeys: LruCache<string, Promise<CryptoKey>>;
  readonly #publicKeys: LruCache<string, Promise<CryptoKey>>;

  constructor(subtle: SubtleCrypto, keyCacheSize = DEFAULT_KEY_CACHE_SIZE) {
    this.#subtle = subtle;
    this.#privateKeys = new LruCache(keyCacheSize);
    this.#publicKeys = new LruCache(keyCacheSize);
  }

  async sign(secretKey: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
    const key = await this.#privateKey(secretKey);
    return new Uint8Array(await this.#subtle.sign(ALGORITHM, key, source(message)));
  }

  async verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (!verifyPreconditions(publicKey, message, signature)) return false;
    try {
      const key = await this.#publicKey(publicKey);
      return await this.#subtle.verify(ALGORITHM, key, source(signature), source(message));
    } catch {
      return false;
    }
  }

  async bindSigner(secretKey: Uint8Array): Promise<BoundSign> {
    requireLength('Ed25519 secret key', secretKey, SIGN_SECRET_KEY_BYTES);
    const key = await importSeed(this.#subtle, secretKey.subarray(0, SIGN_SEED_BYTES));
    const subtle = this.#subtle;
    return async (message) => new Uint8Array(await subtle.sign(ALGORITHM, key, source(message)));
  }

  #privateKey(secretKey: Uint8Array): Promise<CryptoKey> {
    requireLength('Ed25519 secret key', secretKey, SIGN_SECRET_KEY_BYTES);
    const seed = secretKey.subarray(0, SIGN_SEED_BYTES);
    return this.#cached(this.#privateKeys, cacheId(seed), () => importSeed(this.#subtle, seed));
  }

  #publicKey(publicKey: Uint8Array): Promise<CryptoKey> {
    const raw = source(publicKey);
    return this.#cached(this.#publicKeys, cacheId(publicKey), () =>
      this.#subtle.importKey('raw', raw, ALGORITHM, false, ['verify']),
    );
  }

  #cached(cache: LruCache<string, Promise<CryptoKey>>, id: string, load: () => Promise<CryptoKey>): Promise<CryptoKey> {
    const hit = cache.get(id);
    if (hit) return hit;
    const loading = load();
    cache.set(id, loading);
    loading.catch(() => {
      if (cache.get(id) === loading) cache.delete(id);
    });
    return loading;
  }
}

/**
 * Derives the Ed25519 public key of a 32-byte seed with WebCrypto (via a JWK export), as an
 * independent check of tweetnacl's derivation. Rejects with `unavailable` without WebCrypto.
 */
export async function webCryptoPublicKeyFromSeed(seed: Uint8Array): Promise<Uint8Array> {
  requireLength('Ed25519 seed', seed, SIGN_SEED_BYTES);
  const subtle = platformSubtle();
  if (!subtle) throw new CryptoError(CryptoErrorCode.Unavailable, 'WebCrypto is not available');
  const key = await importSeed(subtle, seed, true);
  const jwk = await subtle.exportKey('jwk', key);
  const x = jwk.x ?? '';
  const padded = x.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (x.length % 4)) % 4);
  const publicKey = decodeBase64(padded);
  if (!publicKey) throw new CryptoError(CryptoErrorCode.Unavailable, 'WebCrypto exported a malformed JWK');
  return publicKey;
}
