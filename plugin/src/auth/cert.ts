import type { Ed25519 } from '../crypto';
import { decodeBase64, encodeBase64 } from '../util/base64';
import { err, ok, type Result } from '../util/result';
import { type Cert, decodeValue, encodeCanonical } from '../wire';
import { AuthError, AuthErrorCode } from './errors';
import { isValidName } from './names';

/** Largest certificate body accepted (bytes of msgpack). */
export const MAX_CERT_BODY_BYTES = 1024;
/** Ed25519 signature length. */
export const CERT_SIGNATURE_BYTES = 64;
/** Ed25519 / X25519 public key length. */
export const PUBLIC_KEY_BYTES = 32;
/** Longest ban reason, in characters. */
export const MAX_BAN_REASON_LENGTH = 256;

/** Decoder limits for certificate bodies: one flat map of short fields. */
const BODY_LIMITS = {
  maxBytes: MAX_CERT_BODY_BYTES,
  maxStrLength: 1024,
  maxBinLength: 64,
  maxArrayLength: 8,
  maxMapLength: 8,
  maxDepth: 2,
} as const;

/** A player id: 32 lowercase hex characters (see `playerIdFromSignKey`). */
const PLAYER_ID = /^[0-9a-f]{32}$/;

/** Whether `id` has the shape of a player id. */
export function isPlayerId(id: unknown): id is string {
  return typeof id === 'string' && PLAYER_ID.test(id);
}

/** "This player id may take part until `exp`" (unix ms). */
export type KeyCertBody = {
  readonly t: 'key';
  readonly id: string;
  readonly exp: number;
};

/** "This player id owns these keys and this name" (no expiry; bans revoke it). */
export type IdentityCertBody = {
  readonly t: 'pk';
  readonly id: string;
  readonly name: string;
  readonly sign: Uint8Array;
  readonly box: Uint8Array;
};

/** "This player id is banned since `at` (unix ms) for `reason`". */
export type BanCertBody = {
  readonly t: 'ban';
  readonly id: string;
  readonly reason: string;
  readonly at: number;
};

/** Any certificate body. */
export type CertBody = KeyCertBody | IdentityCertBody | BanCertBody;
/** The `t` of a certificate body. */
export type CertType = CertBody['t'];
/** The body type whose `t` is `T`. */
export type CertBodyOf<T extends CertType> = Extract<CertBody, { t: T }>;

/**
 * A certificate (the wire module's `Cert`): the msgpack body and the authority's Ed25519
 * signature over exactly those bytes.
 */
export type { Cert };

/** A certificate in JSON: both fields padded base64. */
export interface CertJson {
  readonly body: string;
  readonly signature: string;
}

/** Encodes `body` canonically and signs it with the authority's 64-byte secret key. */
export async function issueCert(ed: Ed25519, authoritySecretKey: Uint8Array, body: CertBody): Promise<Cert> {
  const bytes = encodeCanonical(body);
  if (bytes.length > MAX_CERT_BODY_BYTES) {
    throw new AuthError(AuthErrorCode.TooLarge, `certificate body of ${bytes.length} bytes exceeds the limit`);
  }
  return { body: bytes, signature: await ed.sign(authoritySecretKey, bytes) };
}

/** Options of {@link verifyCert}. */
export interface VerifyCertOptions<T extends CertType> {
  /** Current time (unix ms) for the expiry check of key certificates. */
  readonly now: number;
  /** Required certificate type; another type fails with `wrong-type`. */
  readonly expect?: T;
}

/**
 * Checks a certificate offline against the pinned authority key: size, then signature, then the
 * body's schema, then the expected type, then expiry (key certificates). Never throws.
 */
export async function verifyCert<T extends CertType = CertType>(
  ed: Ed25519,
  authorityPublicKey: Uint8Array,
  cert: Cert,
  options: VerifyCertOptions<T>,
): Promise<Result<CertBodyOf<T>, AuthError>> {
  if (!(cert.body instanceof Uint8Array) || !(cert.signature instanceof Uint8Array)) {
    return err(new AuthError(AuthErrorCode.Malformed, 'certificate fields must be byte strings'));
  }
  if (cert.body.length > MAX_CERT_BODY_BYTES) {
    return err(new AuthError(AuthErrorCode.TooLarge, `certificate body of ${cert.body.length} bytes is too large`));
  }
  if (cert.signature.length !== CERT_SIGNATURE_BYTES || authorityPublicKey.length !== PUBLIC_KEY_BYTES) {
    return err(new AuthError(AuthErrorCode.Malformed, 'certificate signature or authority key has the wrong length'));
  }
  let valid = false;
  try {
    valid = await ed.verify(authorityPublicKey, cert.body, cert.signature);
  } catch (cause) {
    return err(new AuthError(AuthErrorCode.BadSignature, 'certificate signature check failed', { cause }));
  }
  if (!valid) return err(new AuthError(AuthErrorCode.BadSignature, 'certificate signature does not verify'));
  const body = parseCertBody(cert.body);
  if (!body.ok) return body;
  const value = body.value;
  if (options.expect !== undefined && value.t !== options.expect) {
    return err(new AuthError(AuthErrorCode.WrongType, `expected a "${options.expect}" certificate, got "${value.t}"`));
  }
  if (value.t === 'key' && options.now >= value.exp) {
    return err(new AuthError(AuthErrorCode.Expired, `key certificate expired at ${value.exp}`));
  }
  return ok(value as CertBodyOf<T>);
}

/** Decodes and validates a certificate body (no signature check). */
export function parseCertBody(bytes: Uint8Array): Result<CertBody, AuthError> {
  if (bytes.length > MAX_CERT_BODY_BYTES) {
    return err(new AuthError(AuthErrorCode.TooLarge, `certificate body of ${bytes.length} bytes is too large`));
  }
  const raw = decodeValue(bytes, BODY_LIMITS);
  if (!raw.ok) {
    return err(new AuthError(AuthErrorCode.Malformed, 'certificate body is not valid msgpack', { cause: raw.error }));
  }
  const body = validateCertBody(raw.value);
  return body === undefined
    ? err(new AuthError(AuthErrorCode.Malformed, 'certificate body does not match any certificate schema'))
    : ok(body);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function hasExactKeys(v: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(v);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(v, k));
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isKey(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array && v.length === PUBLIC_KEY_BYTES;
}

function validateCertBody(v: unknown): CertBody | undefined {
  if (!isRecord(v) || !isPlayerId(v.id)) return undefined;
  switch (v.t) {
    case 'key':
      return hasExactKeys(v, ['t', 'id', 'exp']) && isTime(v.exp) ? { t: 'key', id: v.id, exp: v.exp } : undefined;
    case 'pk':
      return hasExactKeys(v, ['t', 'id', 'name', 'sign', 'box']) && isValidName(v.name) && isKey(v.sign) && isKey(v.box)
        ? { t: 'pk', id: v.id, name: v.name, sign: v.sign.slice(), box: v.box.slice() }
        : undefined;
    case 'ban':
      return hasExactKeys(v, ['t', 'id', 'reason', 'at']) &&
        typeof v.reason === 'string' &&
        v.reason.length <= MAX_BAN_REASON_LENGTH &&
        isTime(v.at)
        ? { t: 'ban', id: v.id, reason: v.reason, at: v.at }
        : undefined;
    default:
      return undefined;
  }
}

/** The JSON form of a certificate. */
export function certToJson(cert: Cert): CertJson {
  return { body: encodeBase64(cert.body), signature: encodeBase64(cert.signature) };
}

/** Parses the JSON form of a certificate (shape and base64 only; verify it with {@link verifyCert}). */
export function certFromJson(json: unknown): Result<Cert, AuthError> {
  if (!isRecord(json) || typeof json.body !== 'string' || typeof json.signature !== 'string') {
    return err(
      new AuthError(AuthErrorCode.Malformed, 'certificate JSON must be {"body": string, "signature": string}'),
    );
  }
  const body = decodeBase64(json.body);
  const signature = decodeBase64(json.signature);
  if (body === undefined || signature === undefined) {
    return err(new AuthError(AuthErrorCode.Malformed, 'certificate JSON fields must be padded base64'));
  }
  if (body.length > MAX_CERT_BODY_BYTES) {
    return err(new AuthError(AuthErrorCode.TooLarge, `certificate body of ${body.length} bytes is too large`));
  }
  if (signature.length !== CERT_SIGNATURE_BYTES) {
    return err(new AuthError(AuthErrorCode.Malformed, 'certificate signature must be 64 bytes'));
  }
  return ok({ body, signature });
}
