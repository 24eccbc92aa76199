import { decodeValue, encodeCanonical, type WireValue } from '../wire/codec';
import { RoomDropCode } from './errors';

/**
 * One player's input for one round: a msgpack array of `[code, payload]` pairs, in `send()`
 * order. Each pair is encoded canonically on its own and the input is the array header followed
 * by the pairs' bytes, which equals the canonical encoding of the whole array.
 */

/** Largest msgpack array header this module writes (array16: 0xdc + 2 bytes). */
export const MAX_ARRAY_HEADER_BYTES = 3;

/** Encodes one `[code, payload]` pair. The payload must be a schema-validated copy. */
export function encodePair(code: number, payload: unknown): Uint8Array {
  return encodeCanonical([code, payload as WireValue]);
}

/** Concatenates encoded pairs into one input (an msgpack array of up to 65535 items). */
export function packInput(pairs: readonly Uint8Array[]): Uint8Array {
  const n = pairs.length;
  const header = n < 16 ? [0x90 | n] : [0xdc, n >> 8, n & 0xff];
  let length = header.length;
  for (const p of pairs) length += p.length;
  const out = new Uint8Array(length);
  out.set(header, 0);
  let offset = header.length;
  for (const p of pairs) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A decoded pair, not yet checked against its schema. */
export interface RawMessage {
  readonly code: number;
  readonly payload: unknown;
}

/** The outcome of decoding one input: pairs (with malformed ones counted), or why it was dropped whole. */
export type DecodedInput =
  | { readonly ok: true; readonly messages: readonly RawMessage[]; readonly malformed: number }
  | { readonly ok: false; readonly code: RoomDropCode };

/**
 * Decodes a peer's input under the room's limits; never throws. The whole input is dropped
 * when it is not msgpack, larger than `maxBytes`, not an array, or holds more than
 * `maxMessages` items; a single item that is not `[uint, value]` is dropped on its own.
 */
export function decodeInput(bytes: Uint8Array, maxMessages: number, maxBytes: number): DecodedInput {
  const decoded = decodeValue(bytes, { maxBytes });
  if (!decoded.ok) {
    // A huge message count fails the decoder's own array limit: tell it apart for the counters.
    const tooMany = decoded.error.code === 'limit' && firstArrayLength(bytes) > maxMessages;
    return { ok: false, code: tooMany ? RoomDropCode.TooMany : RoomDropCode.Malformed };
  }
  const items = decoded.value;
  if (!Array.isArray(items)) return { ok: false, code: RoomDropCode.Malformed };
  if (items.length > maxMessages) return { ok: false, code: RoomDropCode.TooMany };
  const messages: RawMessage[] = [];
  let malformed = 0;
  for (const item of items as unknown[]) {
    if (!Array.isArray(item) || item.length !== 2) {
      malformed++;
      continue;
    }
    const code: unknown = item[0];
    if (typeof code !== 'number' || !Number.isSafeInteger(code) || code < 0) {
      malformed++;
      continue;
    }
    messages.push({ code, payload: item[1] });
  }
  return { ok: true, messages, malformed };
}

/** The item count of a top-level msgpack array, or -1 when `bytes` does not start with one. */
function firstArrayLength(bytes: Uint8Array): number {
  const b = bytes[0];
  if (b === undefined) return -1;
  if ((b & 0xf0) === 0x90) return b & 0x0f;
  if (b === 0xdc && bytes.length >= 3) return ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
  if (b === 0xdd && bytes.length >= 5) {
    return (((bytes[1] ?? 0) << 24) | ((bytes[2] ?? 0) << 16) | ((bytes[3] ?? 0) << 8) | (bytes[4] ?? 0)) >>> 0;
  }
  return -1;
}
