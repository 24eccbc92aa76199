import { hash32 } from '../crypto/hash';
import { err, ok, type Result } from '../util/result';
import { decodeValue, encodeCanonical, type WireValue } from '../wire/codec';
import { peerIdSchema } from '../wire/messages/common';
import { type NeoEpochWire, neoEpochSchema } from '../wire/messages/neo-welcome';
import { s, validate } from '../wire/schema';
import type { ControlState } from './control';
import type { Epoch } from './schedule';

/** An epoch as the wire carries it (welcome, snapshots). */
export function epochToWire(e: Epoch): NeoEpochWire {
  return [e.epoch, e.firstRound, e.t0, e.roundMs, e.k, [...e.members]];
}

/** An epoch from its wire form; members are re-sorted so the order is canonical. */
export function epochFromWire(w: NeoEpochWire): Epoch {
  const [epoch, firstRound, t0, roundMs, k, members] = w;
  return { epoch, firstRound, t0, roundMs, k, members: [...new Set(members)].sort() };
}

const pairs = <T>(m: ReadonlyMap<string, T>): [string, T][] =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function toValue(c: ControlState): WireValue {
  return [
    c.schedule.map(epochToWire),
    pairs(c.streaks),
    pairs(c.delays),
    c.joins.map(([a, b]) => [a, b]),
    [...c.removals],
    pairs(c.banVotes).map(([id, voters]) => [id, [...voters].sort()]),
    [...c.banned].sort(),
    c.starved,
  ];
}

/** Canonical bytes of a control state (snapshots). */
export function encodeControl(c: ControlState): Uint8Array {
  return encodeCanonical(toValue(c));
}

const hashes = new WeakMap<ControlState, Uint8Array>();

/** hash32 of the canonical control state, cached per (immutable) state object. */
export function controlHash(c: ControlState): Uint8Array {
  let h = hashes.get(c);
  if (h === undefined) {
    h = hash32(encodeCanonical(['neo-control', toValue(c)]));
    hashes.set(c, h);
  }
  return h;
}

const count = s.uint({ max: 0xffff_ffff });
const controlSchema = s.tuple([
  s.array(neoEpochSchema, { min: 1, max: 8 }),
  s.array(s.tuple([peerIdSchema, count]), { max: 1024 }),
  s.array(s.tuple([peerIdSchema, s.uint({ max: 0xffff })]), { max: 1024 }),
  s.array(s.tuple([peerIdSchema, peerIdSchema]), { max: 1024 }),
  s.array(peerIdSchema, { max: 1024 }),
  s.array(s.tuple([peerIdSchema, s.array(peerIdSchema, { max: 1024 })]), { max: 1024 }),
  s.array(peerIdSchema, { max: 4096 }),
  count,
]);

/** Parses and validates control-state bytes from a snapshot. */
export function decodeControl(bytes: Uint8Array): Result<ControlState, string> {
  const raw = decodeValue(bytes, { maxBytes: 256 * 1024, maxArrayLength: 4096 });
  if (!raw.ok) return err(raw.error.message);
  const v = validate(controlSchema, raw.value, 'control');
  if (!v.ok) return err(v.error.message);
  const [schedule, streaks, delays, joins, removals, banVotes, banned, starved] = v.value;
  return ok({
    schedule: schedule.map(epochFromWire),
    streaks: new Map(streaks.map(([id, n]) => [id, n])),
    delays: new Map(delays.map(([id, n]) => [id, n])),
    joins: joins.map(([a, b]) => [a, b] as const),
    removals: [...removals],
    banVotes: new Map(banVotes.map(([id, voters]) => [id, [...voters]])),
    banned: [...banned],
    starved,
  });
}
