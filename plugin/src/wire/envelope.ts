import { err, ok, type Result } from '../util/result';
import { decodeValue, encodeValue, type WireValue } from './codec';
import { WireError } from './errors';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from './limits';
import { validate } from './schema';
import { type BodyOf, type DecodedMessage, lookupType, type MessageType } from './types';

/** The envelope version this build writes and accepts. */
export const WIRE_VERSION = 1;

function isUint(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Encodes `[WIRE_VERSION, type, body]`, or an error value: `unknown-type`, `schema` when the
 * body breaks its schema (e.g. a note longer than 500), `too-large` when the result would exceed
 * the default `maxBytes` (peers would drop it). The body is validated and re-built in schema
 * field order first, so equal bodies always give equal bytes.
 */
export function tryEncodeMessage<T extends MessageType>(type: T, body: BodyOf<T>): Result<Uint8Array, WireError> {
  const entry = lookupType(type);
  if (entry === undefined) return err(new WireError('unknown-type', `unknown message type ${type}`));
  const checked = validate(entry.schema, body, 'body');
  if (!checked.ok) return checked;
  const bytes = encodeValue([WIRE_VERSION, type, checked.value as WireValue]);
  if (bytes.length > DEFAULT_WIRE_LIMITS.maxBytes) {
    return err(
      new WireError('too-large', `encoded message of ${bytes.length} bytes exceeds ${DEFAULT_WIRE_LIMITS.maxBytes}`),
    );
  }
  return ok(bytes);
}

/**
 * Encodes `[WIRE_VERSION, type, body]`. Throws the {@link WireError} of {@link tryEncodeMessage}
 * on an invalid body: that is a bug in local code. Use `tryEncodeMessage` for bodies built from
 * user input (chat text, names) so a bad one cannot throw into the game loop.
 */
export function encodeMessage<T extends MessageType>(type: T, body: BodyOf<T>): Uint8Array {
  const r = tryEncodeMessage(type, body);
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * Decodes and validates one message. Never throws: every failure is a {@link WireError} value,
 * checked in this order: size, msgpack structure and limits, envelope, version, type, body schema.
 * The body is a validated copy that shares no memory with `bytes`.
 */
export function decodeMessage(bytes: Uint8Array, limits?: Partial<WireLimits>): Result<DecodedMessage, WireError> {
  try {
    const decoded = decodeValue(bytes, limits);
    if (!decoded.ok) return decoded;
    const env = decoded.value;
    if (!Array.isArray(env) || env.length !== 3) {
      return err(new WireError('bad-envelope', 'envelope is not an array [version, type, body]'));
    }
    const [version, type, body] = env as [unknown, unknown, unknown];
    if (!isUint(version)) return err(new WireError('bad-envelope', 'envelope version is not a uint'));
    if (version !== WIRE_VERSION) return err(new WireError('unknown-version', `unknown wire version ${version}`));
    if (!isUint(type)) return err(new WireError('bad-envelope', 'envelope type is not a uint'));
    const entry = lookupType(type);
    if (entry === undefined) return err(new WireError('unknown-type', `unknown message type ${type}`));
    const checked = validate(entry.schema, body, 'body');
    if (!checked.ok) return checked;
    // The registry ties code, name and schema together, so this pairing is the union's own.
    return ok({ type, name: entry.name, body: checked.value } as DecodedMessage);
  } catch (cause) {
    return err(new WireError('malformed', 'unexpected failure while decoding', { cause }));
  }
}
