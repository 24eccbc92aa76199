import { err, ok, type Result } from '../../util/result';
import { decodeValue, encodeValue, type Schema, validate, type WireLimits, type WireValue } from '../../wire';
import { RecordRejection } from './rejection';

/** Decodes a record value and checks it against `schema`; `malformed` on any failure. */
export function decodeRecordValue<T>(
  schema: Schema<T, boolean>,
  bytes: Uint8Array,
  limits?: Partial<WireLimits>,
): Result<T, RecordRejection> {
  const raw = decodeValue(bytes, { maxBytes: bytes.length, ...limits });
  if (!raw.ok) return err(RecordRejection.Malformed);
  const checked = validate(schema, raw.value);
  return checked.ok ? ok(checked.value) : err(RecordRejection.Malformed);
}

/** Encodes a record value (wire order, deterministic). */
export function encodeRecordValue(value: WireValue): Uint8Array {
  return encodeValue(value);
}
