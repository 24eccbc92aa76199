import { hash32 } from '../../crypto';
import { encodeCanonical, type Infer } from '../../wire';
import type { dhtRecordSchema } from '../../wire/messages/dht-common';
import { hexOf, recordKeyShared } from '../ids';

/**
 * A DHT record: a typed, versioned value under a typed key. Every field is either bound by a
 * signature inside `value` or recomputed from it by the type's validator, so no replica can
 * alter a record undetected (see `plugin/spec/dht.md`).
 */
export interface DhtRecord {
  /** Names the validator, e.g. `cert`, `ban`, `area`. */
  readonly type: string;
  /** The typed key, e.g. `cert:<playerId>`; the DHT key is `hash32(key)`. */
  readonly key: string;
  /** Version: a read keeps the highest valid one. */
  readonly seq: number;
  /** Unix ms after which the record is dropped; 0 for none. */
  readonly exp: number;
  /** Marked permanent: the authority's node keeps an archival copy and republishes it. */
  readonly permanent: boolean;
  /** Type-specific bytes (msgpack), signed as the type requires. */
  readonly value: Uint8Array;
}

/** A record's wire form: `[type, key, seq, exp, permanent, value]`. */
export type DhtRecordWire = Infer<typeof dhtRecordSchema>;

export function recordToWire(r: DhtRecord): DhtRecordWire {
  return [r.type, r.key, r.seq, r.exp, r.permanent, r.value];
}

export function recordFromWire(w: DhtRecordWire): DhtRecord {
  return { type: w[0], key: w[1], seq: w[2], exp: w[3], permanent: w[4], value: w[5] };
}

/** hash32 of the record's canonical encoding: names one exact version. */
export function recordDigest(r: DhtRecord): Uint8Array {
  return hash32(encodeCanonical(recordToWire(r)));
}

/** A record that passed its validator, with what validation computed. */
export interface ValidRecord<P = unknown> {
  readonly record: DhtRecord;
  /** `hash32(record.key)`: where it lives in the keyspace. */
  readonly dhtKey: Uint8Array;
  readonly dhtKeyHex: string;
  readonly digestHex: string;
  /** The validator's parsed form of `value`. */
  readonly parsed: P;
}

/** Wraps a record with its keys and digest (the validation layer fills `parsed`). */
export function describeRecord<P>(record: DhtRecord, parsed: P, digest = recordDigest(record)): ValidRecord<P> {
  const dhtKey = recordKeyShared(record.key);
  return { record, dhtKey, dhtKeyHex: hexOf(dhtKey), digestHex: hexOf(digest), parsed };
}
