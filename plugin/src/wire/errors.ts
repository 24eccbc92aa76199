import { P2PError } from '../util/errors';

/** Why a received message was dropped. Each code has its own drop counter. */
export const WireErrorCode = {
  /** The encoded message is longer than `maxBytes`. */
  TooLarge: 'too-large',
  /** Not valid msgpack: truncated, trailing bytes, reserved byte 0xc1, invalid UTF-8. */
  Malformed: 'malformed',
  /** Arrays and maps nested deeper than `maxDepth`. */
  TooDeep: 'too-deep',
  /** A string, binary, array or map longer than its limit. */
  Limit: 'limit',
  /** Valid msgpack outside the wire subset: extension types, non-string or duplicate map keys, `__proto__`. */
  Unsupported: 'unsupported',
  /** The top level is not the array `[version, type, body]`. */
  BadEnvelope: 'bad-envelope',
  /** The envelope's version is not one this build speaks. */
  UnknownVersion: 'unknown-version',
  /** The envelope's type code is not registered. */
  UnknownType: 'unknown-type',
  /** The body does not match its message type's schema. */
  Schema: 'schema',
} as const;
/** One of {@link WireErrorCode}'s values. */
export type WireErrorCode = (typeof WireErrorCode)[keyof typeof WireErrorCode];

/** Every code, for counters and exhaustive tests. */
export const WIRE_ERROR_CODES: readonly WireErrorCode[] = Object.freeze(Object.values(WireErrorCode));

/** A decoding or validation failure; `path` names the offending field for `schema` errors. */
export class WireError extends P2PError<WireErrorCode> {
  readonly path: string | undefined;

  constructor(code: WireErrorCode, message: string, options?: { path?: string; cause?: unknown }) {
    super(code, message, options);
    this.path = options?.path;
  }
}
