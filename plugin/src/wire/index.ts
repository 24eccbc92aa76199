/**
 * The wire module: msgpack envelope `[version, type, body]`, decoder limits, schemas for every
 * message type, canonical encoding for signatures, and drop counters. The format is specified in
 * `plugin/spec/wire.md`.
 */

/** Plain-value codec: {@link encodeValue} (object key order), {@link encodeCanonical} (sorted keys, for signing), {@link decodeValue} (limited, never throws). */
export { decodeValue, encodeCanonical, encodeValue, type WireValue } from './codec';
/** {@link WireCounters} counts accepted and dropped messages; {@link decodeCounted} decodes and counts. */
export { decodeCounted, WireCounters } from './counters';
/** Envelope encoding and decoding; {@link decodeMessage} never throws. */
export { decodeMessage, encodeMessage, tryEncodeMessage, WIRE_VERSION } from './envelope';
/** Error type and codes of every wire failure. */
export { WIRE_ERROR_CODES, WireError, WireErrorCode } from './errors';
/** Decoder limits and their defaults. */
export { DEFAULT_WIRE_LIMITS, resolveLimits, type WireLimits } from './limits';
/** Shared field schemas: certificates, signatures, peer ids, timestamps. */
export { type Cert, certSchema, peerIdSchema, signatureSchema, timeSchema } from './messages/common';
/** `hello` (code 1) body schema and type. */
export { type Hello, helloSchema } from './messages/hello';
/** `note` (code 4) body schema and type. */
export { type Note, noteSchema } from './messages/note';
/** `ping` (code 2) body schema and type. */
export { type Ping, pingSchema } from './messages/ping';
/** `pong` (code 3) body schema and type. */
export { type Pong, pongSchema } from './messages/pong';
/** The schema DSL: {@link s} combinators, {@link validate}, {@link Infer}. */
export { type Infer, type Issue, type ObjectOf, type Schema, s, validate } from './schema';
/** The message-type registry, codes and derived types. */
export {
  type BodyOf,
  type DecodedMessage,
  lookupType,
  type MessageBody,
  type MessageName,
  type MessageNameOf,
  MessageType,
  registry,
} from './types';
