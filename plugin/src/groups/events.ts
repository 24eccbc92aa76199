/**
 * Zone events: something every group of a zone must play at the same moment (a bell). A member
 * raises it in its group (`evr`); the members sign it (`evv`) and it is certified once a strict
 * majority signed; the leader carries it down the quadtree to the other groups' leaders, each
 * puts it into its own group (`evi`) whose members check the signatures and say so (`eva`); it
 * is accepted once a strict majority agreed. Every group plays it in its first round starting at
 * or after the event's time `at` (on the synchronised clock), so all groups play it together.
 */
import type { Draft } from 'immer';
import type { Ed25519 } from '../crypto/ed25519';
import { majority } from '../neo/schedule';
import type { MessageDef, RoundContext } from '../room/types';
import type { PeerId } from '../transport/transport';
import { encodeCanonical } from '../wire/codec';
import { peerIdSchema } from '../wire/messages/common';
import { s } from '../wire/schema';
import type { CellState, ZoneEventRec } from './cell-state';
import { verdicts } from './cell-state';

/** How far ahead of its decision an event is scheduled by default, ms (time to reach every group). */
export const EVENT_LEAD_MS = 3000;
/** Events are forgotten this long after they played, ms. */
export const EVENT_KEEP_MS = 30_000;
/** Most events a group holds at once. */
export const MAX_EVENTS = 64;

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);
const ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** A certified zone event as it travels between groups. */
export interface ZoneEventWire {
  readonly id: string;
  readonly kind: string;
  readonly payload: Uint8Array;
  readonly at: number;
  readonly origin: string;
  readonly members: readonly PeerId[];
  /** `[index in members, signature]`, ascending. */
  readonly sigs: readonly (readonly [number, Uint8Array])[];
}

/** The bytes the origin group's members sign: `canonical(["grp-event", 1, gameId, zone, id, kind, payload, at, origin, members])`. */
export function eventSigningBytes(
  gameId: string,
  zone: string,
  e: Pick<ZoneEventWire, 'id' | 'kind' | 'payload' | 'at' | 'origin' | 'members'>,
): Uint8Array {
  return encodeCanonical(['grp-event', 1, gameId, zone, e.id, e.kind, e.payload, e.at, e.origin, [...e.members]]);
}

/** Checks a certified event: sorted members, ascending in-range indices, a majority of valid signatures. */
export async function checkEvent(
  ed: Ed25519,
  gameId: string,
  zone: string,
  e: ZoneEventWire,
  keyOf: (id: PeerId) => Promise<Uint8Array | undefined>,
): Promise<boolean> {
  const m = e.members;
  for (let i = 1; i < m.length; i++) if (!(m[i - 1]! < m[i]!)) return false;
  let last = -1;
  for (const [i] of e.sigs) {
    if (i <= last || i >= m.length) return false;
    last = i;
  }
  if (e.sigs.length < majority(m.length)) return false;
  const bytes = eventSigningBytes(gameId, zone, e);
  const ok = await Promise.all(
    e.sigs.map(async ([i, sig]) => {
      const key = await keyOf(m[i]!);
      return key !== undefined && (await ed.verify(key, bytes, sig));
    }),
  );
  return ok.every(Boolean);
}

/** The wire form of a certified event held in a group's state (undefined while not certified here). */
export function eventToWire(id: string, e: ZoneEventRec): ZoneEventWire | undefined {
  if (!e.ok || Object.keys(e.votes).length === 0) return undefined;
  const sigs = Object.keys(e.votes)
    .map((voter) => [e.members.indexOf(voter), e.votes[voter]!] as const)
    .filter(([i]) => i >= 0)
    .sort((a, b) => a[0] - b[0]);
  return { id, kind: e.kind, payload: e.payload, at: e.at, origin: e.origin, members: e.members, sigs };
}

const eventSchema = {
  kind: s.str({ min: 1, max: 32 }),
  payload: s.bytes({ max: 512 }),
};

function room(d: Draft<CellState>): boolean {
  return Object.keys(d.events).length < MAX_EVENTS;
}

/** The zone-event messages of the cell room of `cell` (events raised here name it as their origin). */
export const eventMessages = (cell: string) => ({
  /** Raise an event here: it plays `lead` ms after this round (at least 500). */
  evr: {
    schema: s.object({ ...eventSchema, lead: s.uint({ min: 500, max: 60_000 }) }),
    handler: (
      d: Draft<CellState>,
      player: PeerId,
      m: { kind: string; payload: Uint8Array; lead: number },
      ctx: RoundContext,
    ) => {
      const id = `${d.groupId}.${ctx.round}.${ctx.members.indexOf(player)}`;
      if (has(d.events, id) || !room(d)) return;
      d.events[id] = {
        kind: m.kind,
        payload: m.payload,
        at: Math.floor(ctx.time) + m.lead,
        origin: cell,
        members: [...ctx.members],
        votes: {},
        acks: {},
        ok: false,
        played: null,
      };
    },
  } satisfies MessageDef<CellState, { kind: string; payload: Uint8Array; lead: number }>,
  /** A member's signature on an event raised here. */
  evv: {
    schema: s.object({ id: s.str({ min: 1, max: 128, pattern: ID }), sig: s.bytes({ len: 64 }) }),
    handler: (d: Draft<CellState>, player: PeerId, m: { id: string; sig: Uint8Array }) => {
      const e = has(d.events, m.id) ? d.events[m.id]! : undefined;
      if (e === undefined || e.origin !== cell || !e.members.includes(player) || has(e.votes, player)) return;
      e.votes[player] = m.sig;
      if (Object.keys(e.votes).length >= majority(e.members.length)) e.ok = true;
    },
  } satisfies MessageDef<CellState, { id: string; sig: Uint8Array }>,
  /** A certified event from another group, put in by our leader (or any member). */
  evi: {
    schema: s.object({
      id: s.str({ min: 1, max: 128, pattern: ID }),
      ...eventSchema,
      at: s.float({ min: 0 }),
      origin: s.str({ min: 1, max: 32, pattern: /^r[0-3]{0,31}$/ }),
      members: s.array(peerIdSchema, { min: 1, max: 64 }),
      sigs: s.array(s.tuple([s.uint({ max: 63 }), s.bytes({ len: 64 })]), { max: 64 }),
    }),
    handler: (d: Draft<CellState>, _player: PeerId, m: ZoneEventWire) => {
      if (has(d.events, m.id) || !room(d) || m.origin === cell) return;
      const votes: Record<PeerId, Uint8Array> = {};
      for (const [i, sig] of m.sigs) if (m.members[i] !== undefined) votes[m.members[i]!] = sig;
      d.events[m.id] = {
        kind: m.kind,
        payload: m.payload,
        at: m.at,
        origin: m.origin,
        members: [...m.members],
        votes,
        acks: {},
        ok: false,
        played: null,
      };
    },
  } satisfies MessageDef<CellState, ZoneEventWire>,
  /** A member's verdict on an event from another group (its signatures checked). */
  eva: {
    schema: s.object({ id: s.str({ min: 1, max: 128, pattern: ID }), ok: s.bool() }),
    handler: (d: Draft<CellState>, player: PeerId, m: { id: string; ok: boolean }) => {
      const e = has(d.events, m.id) ? d.events[m.id]! : undefined;
      if (e === undefined || e.origin === cell || e.ok || has(e.acks, player)) return;
      e.acks[player] = m.ok;
    },
  } satisfies MessageDef<CellState, { id: string; ok: boolean }>,
});

/** Accepts arrived events a majority checked, plays due ones, forgets old ones (in id order). */
export function playEvents(d: Draft<CellState>, ctx: RoundContext, cell: string): void {
  for (const id of Object.keys(d.events).sort()) {
    const e = d.events[id]!;
    if (!e.ok && e.origin !== cell) {
      const v = verdicts(e.acks, ctx.members);
      if (v.yes) e.ok = true;
      else if (v.no) {
        delete d.events[id];
        continue;
      }
    }
    if (e.ok && e.played === null && ctx.time >= e.at) e.played = ctx.round;
    if (ctx.time > e.at + EVENT_KEEP_MS) delete d.events[id];
  }
}
