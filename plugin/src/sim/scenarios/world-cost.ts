/**
 * Byte costs of the world simulation, computed once with the real encoders (so a change of the
 * wire format shows in the figures), and the cost model of signatures.
 */
import { encodeRound } from '../../neo/codec';
import { encodeMessage } from '../../wire/envelope';
import type { NeoRoundBody } from '../../wire/messages/neo-round';
import { MessageType } from '../../wire/types';

/** Signature work as counted, not computed (the tests run the real code path). */
export const SIGNATURE_COST_MODEL =
  'Ed25519 counted, not computed: 0.08 ms per signature, 0.12 ms per verification (WebCrypto, FACTS.md); the NEO round signature is in the round cost';
export const SIGN_MS = 0.08;
export const VERIFY_MS = 0.12;

/** NEO fetches and forwards after losses: about 0.085 extra messages per member and round (neo.md). */
export const FETCH_OVERHEAD = 0.085;

const bytes = (n: number, fill = 0x5a) => new Uint8Array(n).fill(fill);
const roundCache = new Map<string, number>();

/**
 * Wire bytes of one `neoRound` message of a member of an `n`-member group whose revealed input
 * (and echo) is `inputBytes` long; with a state-hash report every fourth round.
 */
export function roundMessageBytes(n: number, inputBytes: number, report: boolean): number {
  const key = `${n}|${inputBytes}|${report}`;
  const hit = roundCache.get(key);
  if (hit !== undefined) return hit;
  const input = inputBytes > 0 ? bytes(inputBytes) : null;
  const body: NeoRoundBody = [
    0xdeadbeef,
    3,
    1234,
    Math.min(n - 1, 254),
    bytes(16, 1),
    0x42,
    report ? bytes(8, 2) : null,
    bytes(16, 3),
    input,
    bytes(Math.max(1, n), 4),
    input,
    n <= 8 ? bytes(Math.max(1, n), 5) : null,
    bytes(64, 6),
  ];
  const size = encodeRound(body).length;
  roundCache.set(key, size);
  return size;
}

const averageCache = new Map<number, number>();

/** Average bytes of a round message (a report every fourth round). */
export function averageRoundBytes(n: number, inputBytes: number): number {
  const key = n * 65_536 + inputBytes;
  let v = averageCache.get(key);
  if (v === undefined) {
    v = (3 * roundMessageBytes(n, inputBytes, false) + roundMessageBytes(n, inputBytes, true)) / 4;
    averageCache.set(key, v);
  }
  return v;
}

const feedCache = new Map<string, number>();

/** A `grpFeed` with one decided round of an `n`-member group whose inputs are `inputBytes` each. */
export function feedRoundBytes(n: number, inputBytes: number): number {
  const key = `${n}|${inputBytes}`;
  const hit = feedCache.get(key);
  if (hit !== undefined) return hit;
  const plaintexts = Array.from({ length: n }, () => (inputBytes > 0 ? bytes(inputBytes) : null));
  const size = encodeMessage(MessageType.grpFeed, [
    0xdeadbeef,
    [[123_456, 3, bytes(Math.ceil((n + 1) / 8)), plaintexts, bytes(32)]],
    [],
    null,
  ]).length;
  feedCache.set(key, size);
  return size;
}

/** The signed reports an observer gets per reported round: a majority of round messages, packed. */
export function feedProofBytes(n: number, inputBytes: number): number {
  const one = roundMessageBytes(n, inputBytes, true) - 5 + 6;
  return Math.floor(n / 2 + 1) * one;
}

/**
 * A group record with `n` members and a majority's votes: each vote carries the voter's
 * identity certificate (`certBytes`, measured from a real one at setup) and a signature.
 */
export function groupRecordBytes(n: number, certBytes: number, inner: boolean): number {
  const members = n * 34;
  const votes = Math.floor(n / 2 + 1) * (certBytes + 64 + 4);
  return 80 + 2 * members + votes + (inner ? 4 * 6 : 0);
}

/** A DHT request and a reply without a record (contacts), bytes (rid, ids, keys, 20 contacts). */
export const DHT_REQUEST_BYTES = 80;
export const DHT_CONTACTS_REPLY_BYTES = 80 + 20 * 34;
/** Sequential hops of a lookup, each to `DHT_ALPHA` nodes at once (the dht scenario measures a median of 2 at 10,000 nodes). */
export const DHT_HOPS = 2;
export const DHT_ALPHA = 3;
/** Replicas a put stores on (k). */
export const DHT_REPLICAS = 20;
