/**
 * The replicated state of one leaf group (its "cell room"), its types and the pure rules its
 * reducer applies. The reducer itself is `cell-room.ts`.
 */
import type { Draft } from 'immer';
import { GROUP_RECORD_TTL_MS } from '../dht/records/validators/group';
import { majority } from '../neo/schedule';
import type { RoundContext } from '../room/types';
import type { PeerId } from '../transport/transport';
import type { GroupSignReq } from '../zone/system-room';
import type { Rect } from '../zone/types';
import { cellAt, cellRect, depthOf, MAX_DEPTH, type Point, type RootSquare } from './geometry';
import type { SizeWatch } from './hysteresis';

/** A player's avatar: the state that travels with it from group to group. */
export interface Entity {
  readonly x: number;
  readonly y: number;
  /** The game's bytes for it (appearance, hit points...), at most {@link MAX_ENTITY_DATA} bytes. */
  readonly data: Uint8Array;
  /** Handoffs so far: a handoff certificate names the hop it moves, so it is used once. */
  readonly hop: number;
  /** Time of its last move (the speed limit counts from it). */
  readonly t: number;
  /** Being handed over: no more moves here until the handoff completes or is taken back. */
  readonly frozen: boolean;
}

/** An entity being handed over to another group: the members' signatures on its final state. */
export interface Outgoing {
  readonly to: string;
  readonly hop: number;
  readonly x: number;
  readonly y: number;
  readonly data: Uint8Array;
  /** Round time of the decision (the certificate names it; targets refuse old ones). */
  readonly time: number;
  /** The members that sign, sorted (the group's members at the decision). */
  readonly members: readonly PeerId[];
  readonly votes: Readonly<Record<PeerId, Uint8Array>>;
}

/** An entity arriving from another group: its certificate, then this group's members' verdicts. */
export interface Arrival {
  readonly from: string;
  readonly gid: string;
  readonly hop: number;
  readonly x: number;
  readonly y: number;
  readonly data: Uint8Array;
  readonly time: number;
  readonly members: readonly PeerId[];
  /** `[index in members, signature]`, ascending index. */
  readonly sigs: readonly (readonly [number, Uint8Array])[];
  /** Round time the claim was decided here. */
  readonly at: number;
  readonly acks: Readonly<Record<PeerId, boolean>>;
}

/** A decided change of the group itself: split into children, or re-root into the parent. */
export interface Transition {
  readonly kind: 'split' | 'reroot';
  /** The first round of the new groups; the old group's rounds before it are its last. */
  readonly at: number;
  /** Decided in this round. */
  readonly round: number;
  /** New cell -> its members (sorted); cells nobody is assigned to are left out. */
  readonly groups: Readonly<Record<string, readonly PeerId[]>>;
}

/**
 * A pending signature of a group record (this cell's leaf record, or an inner record): the zone
 * layer's request, for a given cell.
 */
export interface RecordSign extends GroupSignReq {
  readonly cell: string;
  readonly inner: boolean;
}

/** The cell room's state. */
export interface CellState {
  readonly started: boolean;
  /** Time of the last applied round (an avatar moves at most one round's worth per round). */
  readonly clock: number;
  /** `<founder>.<t0>` of this group (from its first round, or carried over a transition). */
  readonly groupId: string;
  readonly entities: Readonly<Record<PeerId, Entity>>;
  readonly watch: SizeWatch;
  /** The leader's latest report of this leaf's and its siblings' members together. */
  readonly siblings: { readonly total: number; readonly coordinator: string; readonly time: number } | null;
  readonly transition: Transition | null;
  /** Decided: every member hands its entity over to the leaf its own walk finds (set by the leader). */
  readonly relocate: { readonly round: number; readonly to: string } | null;
  readonly outgoing: Readonly<Record<PeerId, Outgoing>>;
  readonly arrivals: Readonly<Record<PeerId, Arrival>>;
  /** Record signatures in progress, by the record's cell. */
  readonly signs: Readonly<Record<string, RecordSign>>;
  /** Per record cell, the next version's seq must exceed this (the leader saw a newer one). */
  readonly minSeq: Readonly<Record<string, number>>;
  /** Zone events known here, by id (see `events.ts`). */
  readonly events: Readonly<Record<string, ZoneEventRec>>;
}

/** A zone-wide event as a group holds it. */
export interface ZoneEventRec {
  readonly kind: string;
  readonly payload: Uint8Array;
  /** Synchronised-clock time it plays at, in every group: the first round starting at or after it. */
  readonly at: number;
  /** Cell of the group that raised it. */
  readonly origin: string;
  /** Origin group's member signatures (for a raised event), or verdicts of ours (an arriving one). */
  readonly votes: Readonly<Record<PeerId, Uint8Array>>;
  readonly members: readonly PeerId[];
  /** Arriving: our members' verdicts; accepted once a majority said yes. */
  readonly acks: Readonly<Record<PeerId, boolean>>;
  /** Certified (origin: a majority signed) or accepted (arrival: a majority checked it). */
  readonly ok: boolean;
  /** Round it played in here (null until then). */
  readonly played: number | null;
}

/** Largest entity data, bytes. */
export const MAX_ENTITY_DATA = 256;
/** An arrival not accepted within this long is dropped (its player may claim again), ms. */
export const ARRIVAL_TIMEOUT_MS = 10_000;
/** A handoff certificate older than this (by its round time) is refused, ms. */
export const HANDOFF_MAX_AGE_MS = 30_000;
/**
 * The group's leaf record is re-signed this often, and 5 s after a change of members: within the
 * record's freshness (10 s), so the key stays protected and each version is signed by a majority
 * of the previous one's members (a group rarely turns over half its members in 5 s).
 */
export const RECORD_REFRESH_MS = 8_000;
/** A sibling report older than this is not used for the merge rule, ms. */
export const SIBLING_REPORT_MS = 5_000;

/** Parameters of one group's cell room (identical at every member: part of the protocol). */
export interface CellParams {
  readonly gameId: string;
  readonly zone: string;
  readonly cell: string;
  readonly root: RootSquare;
  readonly bounds: Rect;
  readonly rule: { readonly maxGroup: number; readonly minGroup: number; readonly holdMs: number };
  /** Fastest an avatar may move, world units per second. */
  readonly maxSpeed: number;
  /** First round of a transition decided in round `q` (NEO's epoch-change rule at its largest k). */
  readonly changeRound: (q: number) => number;
}

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);

/** Clamps a point into a rectangle (its far edges just inside). */
export function clampInto(r: Rect, p: Point): Point {
  const edge = (v: number, lo: number, size: number): number => Math.min(Math.max(v, lo), lo + size * (1 - 2 ** -40));
  return { x: edge(p.x, r.x, r.width), y: edge(p.y, r.y, r.height) };
}

/**
 * Where an entity may move to from `e` towards `p` in a round at `time` after the round at
 * `previous` (speed-limited: one round's worth, plus one unit; inside the zone).
 */
export function stepTowards(e: Entity, p: Point, time: number, previous: number, params: CellParams): Point {
  const target = clampInto(params.bounds, p);
  const reach = (params.maxSpeed * Math.min(Math.max(0, time - previous), 1000)) / 1000 + 1;
  const dx = target.x - e.x;
  const dy = target.y - e.y;
  const d = Math.hypot(dx, dy);
  if (d <= reach) return target;
  return { x: e.x + (dx * reach) / d, y: e.y + (dy * reach) / d };
}

/**
 * Who goes to which child at a split: each member to the child holding its entity, a member
 * without one (still arriving) to the child its claim names, else to the first child.
 */
export function splitAssignment(
  d: Pick<CellState, 'entities' | 'arrivals'>,
  members: readonly PeerId[],
  params: CellParams,
): Record<string, PeerId[]> {
  const out: Record<string, PeerId[]> = {};
  const depth = depthOf(params.cell) + 1;
  const rect = cellRect(params.root, params.cell);
  for (const m of members) {
    const e = has(d.entities, m) ? d.entities[m]! : has(d.arrivals, m) ? d.arrivals[m]! : undefined;
    // A member with no entity here yet (a joiner whose spawn is pending, a handoff not adopted) is
    // carried into no child: we do not know where it stands. It walks to its leaf again (a busy
    // joiner that applied no round could not even follow the split, and would sit silent in a
    // child's majority); a handoff is taken back and tried again.
    if (e === undefined) continue;
    // An avatar just outside the cell (inside the border margin, or leaving) goes to the nearest child.
    const child = cellAt(params.root, clampInto(rect, e), depth);
    const list = out[child] ?? [];
    list.push(m);
    out[child] = list;
  }
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

/** Whether a cell may be split (not at the deepest level). */
export function canSplit(cell: string): boolean {
  return depthOf(cell) < MAX_DEPTH;
}

/** Counts yes and no verdicts of the current members. */
export function verdicts(acks: Readonly<Record<PeerId, boolean>>, members: readonly PeerId[]) {
  let yes = 0;
  let no = 0;
  for (const m of members) {
    if (!has(acks, m)) continue;
    if (acks[m]) yes++;
    else no++;
  }
  const need = majority(members.length);
  return { yes: yes >= need, no: no >= need };
}

/** Adopts, refuses or times out arrivals (in player order). */
export function settleArrivals(d: Draft<CellState>, ctx: RoundContext): void {
  for (const p of Object.keys(d.arrivals).sort()) {
    const a = d.arrivals[p]!;
    const v = verdicts(a.acks, ctx.members);
    if (v.yes && ctx.members.includes(p) && !has(d.entities, p)) {
      d.entities[p] = { x: a.x, y: a.y, data: a.data, hop: a.hop + 1, t: ctx.time, frozen: false };
      delete d.arrivals[p];
    } else if (v.no || ctx.time - a.at > ARRIVAL_TIMEOUT_MS || has(d.entities, p)) delete d.arrivals[p];
  }
}

/** Schedules the group's own leaf record when it has none, after an epoch with new faces, or every 20 s. */
export function scheduleOwnRecord(d: Draft<CellState>, ctx: RoundContext, cell: string): void {
  if (d.transition !== null) return;
  const time = Math.floor(ctx.time);
  const cur = has(d.signs, cell) ? d.signs[cell]! : undefined;
  const min = has(d.minSeq, cell) ? d.minSeq[cell]! : 0;
  if (cur !== undefined && !cur.inner) {
    const age = time - cur.time;
    if (age < 5000 && min < cur.seq) return;
    const same = cur.members.length === ctx.members.length && cur.members.every((m) => ctx.members.includes(m));
    if (same && age < RECORD_REFRESH_MS && min < cur.seq) return;
  }
  signRecord(d, ctx, cell, false, Math.max(cur?.seq ?? 0, min) + 1);
}

/** Opens a signature request for a record of `cell` by this group's current members. */
export function signRecord(d: Draft<CellState>, ctx: RoundContext, cell: string, inner: boolean, seq: number): void {
  const time = Math.floor(ctx.time);
  d.signs[cell] = {
    cell,
    inner,
    seq,
    exp: time + GROUP_RECORD_TTL_MS,
    time,
    epoch: ctx.epoch,
    members: [...ctx.members],
    votes: {},
  };
}
