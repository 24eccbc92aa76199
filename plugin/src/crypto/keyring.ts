import { decodeBase64, encodeBase64 } from '../util/base64';
import { bytesEqual } from '../util/bytes';
import { err, ok, type Result } from '../util/result';
import {
  BOX_PUBLIC_KEY_BYTES,
  BOX_SECRET_KEY_BYTES,
  SIGN_PUBLIC_KEY_BYTES,
  SIGN_SECRET_KEY_BYTES,
  SIGN_SEED_BYTES,
} from './constants';
import { CryptoError, CryptoErrorCode } from './errors';
import {
  type BoxKeyPair,
  boxKeyPairFromSecretKey,
  generateBoxKeyPair,
  generateSignKeyPair,
  type SignKeyPair,
  signKeyPairFromSeed,
} from './keys';

/** A player's long-lived keys: Ed25519 for signatures, X25519 for boxes. */
export interface KeyRing {
  readonly sign: SignKeyPair;
  readonly box: BoxKeyPair;
}

/** The version {@link serializeKeyRing} writes and {@link parseKeyRing} reads. */
export const KEY_RING_VERSION = 1;

/** A fresh random key ring. */
export function generateKeyRing(): KeyRing {
  return { sign: generateSignKeyPair(), box: generateBoxKeyPair() };
}

/**
 * The key ring as JSON text (secret: store it like a password):
 * `{"version":1,"sign":{"publicKey":b64,"secretKey":b64},"box":{"publicKey":b64,"secretKey":b64}}`
 * with padded standard base64 of 32 / 64 / 32 / 32 bytes.
 */
export function serializeKeyRing(ring: KeyRing): string {
  return JSON.stringify({
    version: KEY_RING_VERSION,
    sign: { publicKey: encodeBase64(ring.sign.publicKey), secretKey: encodeBase64(ring.sign.secretKey) },
    box: { publicKey: encodeBase64(ring.box.publicKey), secretKey: encodeBase64(ring.box.secretKey) },
  });
}

function fail(code: CryptoErrorCode, message: string, cause?: unknown): Result<never, CryptoError> {
  return err(new CryptoError(code, message, { cause }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Pair = { publicKey: Uint8Array; secretKey: Uint8Array };

/** Reads `{publicKey, secretKey}` base64 fields of `section` with their expected lengths. */
function readPair(
  root: Record<string, unknown>,
  section: 'sign' | 'box',
  publicLength: number,
  secretLength: number,
): Result<Pair, CryptoError> {
  const value = root[section];
  if (!isRecord(value)) return fail(CryptoErrorCode.Malformed, `key ring: "${section}" must be an object`);
  const out: Partial<Pair> = {};
  for (const [field, length] of [
    ['publicKey', publicLength],
    ['secretKey', secretLength],
  ] as const) {
    const text = value[field];
    const where = `key ring: ${section}.${field}`;
    if (typeof text !== 'string') return fail(CryptoErrorCode.Malformed, `${where} must be a string`);
    const bytes = decodeBase64(text);
    if (!bytes) return fail(CryptoErrorCode.BadBase64, `${where} is not valid base64`);
    if (bytes.length !== length) {
      return fail(CryptoErrorCode.BadLength, `${where} must be ${length} bytes, got ${bytes.length}`);
    }
    out[field] = bytes;
  }
  return ok({ publicKey: out.publicKey!, secretKey: out.secretKey! });
}

/**
 * Parses {@link serializeKeyRing}'s text. Fails with `malformed` (not JSON, missing or mistyped
 * fields), `unsupported-version`, `bad-base64`, `bad-length`, or `key-mismatch` (a public key
 * that is not the one its secret key derives). Never throws.
 */
export function parseKeyRing(text: string): Result<KeyRing, CryptoError> {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (cause) {
    return fail(CryptoErrorCode.Malformed, 'key ring is not valid JSON', cause);
  }
  if (!isRecord(root)) return fail(CryptoErrorCode.Malformed, 'key ring must be a JSON object');
  if (root.version !== KEY_RING_VERSION) {
    return fail(CryptoErrorCode.UnsupportedVersion, `key ring version ${String(root.version)} is not supported`);
  }
  const sign = readPair(root, 'sign', SIGN_PUBLIC_KEY_BYTES, SIGN_SECRET_KEY_BYTES);
  if (!sign.ok) return sign;
  const box = readPair(root, 'box', BOX_PUBLIC_KEY_BYTES, BOX_SECRET_KEY_BYTES);
  if (!box.ok) return box;

  const derivedSign = signKeyPairFromSeed(sign.value.secretKey.subarray(0, SIGN_SEED_BYTES));
  if (!bytesEqual(derivedSign.secretKey, sign.value.secretKey)) {
    return fail(CryptoErrorCode.KeyMismatch, 'key ring: sign.secretKey holds a public key its seed does not derive');
  }
  if (!bytesEqual(derivedSign.publicKey, sign.value.publicKey)) {
    return fail(CryptoErrorCode.KeyMismatch, 'key ring: sign.publicKey does not match sign.secretKey');
  }
  const derivedBox = boxKeyPairFromSecretKey(box.value.secretKey);
  if (!bytesEqual(derivedBox.publicKey, box.value.publicKey)) {
    return fail(CryptoErrorCode.KeyMismatch, 'key ring: box.publicKey does not match box.secretKey');
  }
  return ok({ sign: derivedSign, box: { publicKey: box.value.publicKey, secretKey: box.value.secretKey } });
}
