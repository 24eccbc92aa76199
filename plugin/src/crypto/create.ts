import { bytesEqual, fromHex } from '../util/bytes';
import { TweetNaclEd25519 } from './backend-tweetnacl';
import { DEFAULT_KEY_CACHE_SIZE, platformSubtle, WebCryptoEd25519 } from './backend-webcrypto';
import type { Ed25519 } from './ed25519';
import { CryptoError, CryptoErrorCode } from './errors';
import { loadFastHash } from './hash';

/** Options of {@link createEd25519}. */
export interface CreateEd25519Options {
  /**
   * `'auto'` (default): WebCrypto when the platform's Ed25519 passes a known-answer test,
   * tweetnacl otherwise. `'webcrypto'`: WebCrypto or reject with `unavailable`.
   * `'tweetnacl'`: always tweetnacl.
   */
  backend?: 'auto' | 'webcrypto' | 'tweetnacl';
  /** Imported keys kept per WebCrypto key cache (default 256; 0 disables caching). */
  keyCacheSize?: number;
}

// RFC 8032 section 7.1, TEST 2: the probe's known answer.
const PROBE_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
const PROBE_PUBLIC = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
const PROBE_SIGNATURE =
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';

async function runProbe(): Promise<boolean> {
  const subtle = platformSubtle();
  if (!subtle) return false;
  try {
    const ed = new WebCryptoEd25519(subtle, 0);
    const publicKey = fromHex(PROBE_PUBLIC)!;
    const secretKey = new Uint8Array([...fromHex(PROBE_SEED)!, ...publicKey]);
    const message = new Uint8Array([0x72]);
    const signature = await ed.sign(secretKey, message);
    if (!bytesEqual(signature, fromHex(PROBE_SIGNATURE)!)) return false;
    if (!(await ed.verify(publicKey, message, signature))) return false;
    return !(await ed.verify(publicKey, new Uint8Array([0x73]), signature));
  } catch {
    return false;
  }
}

let probe: Promise<boolean> | undefined;

/**
 * Whether this platform's WebCrypto Ed25519 works: really signs and verifies RFC 8032's TEST 2
 * and compares the signature byte for byte. Runs once per process; later calls share the result.
 */
export function probeWebCryptoEd25519(): Promise<boolean> {
  probe ??= runProbe();
  return probe;
}

/**
 * Creates an {@link Ed25519}. Create one per process (or per simulated peer) and pass it to the
 * code that needs it: each instance holds its own key caches. It also loads the WebAssembly
 * SHA-512 ({@link loadFastHash}).
 */
export async function createEd25519(options: CreateEd25519Options = {}): Promise<Ed25519> {
  const choice = options.backend ?? 'auto';
  // Whoever signs also hashes (commitments, digests): load the fast SHA-512 alongside.
  await loadFastHash();
  if (choice === 'tweetnacl') return new TweetNaclEd25519();
  const subtle = platformSubtle();
  if (subtle && (await probeWebCryptoEd25519())) {
    return new WebCryptoEd25519(subtle, options.keyCacheSize ?? DEFAULT_KEY_CACHE_SIZE);
  }
  if (choice === 'webcrypto') {
    throw new CryptoError(CryptoErrorCode.Unavailable, 'WebCrypto Ed25519 is not available on this platform');
  }
  return new TweetNaclEd25519();
}
