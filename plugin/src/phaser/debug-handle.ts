import { hashBackend } from '../crypto/hash';
import type { SpeculationCounters } from '../room/speculative';
import type { SessionPeer } from '../session';
import type { Item, Rect, ZoneInfo } from '../zone';
import type { FieldValues } from './interpolation';
import { groupsInfoOf } from './room-view';
import type { AnyZoneRoom } from './types';

/**
 * `window.__p2p`: a read-only view of the plugin for browser tests and for people poking at a
 * game in the console. Every read of `window.__p2p` builds a fresh, deeply frozen, plain object
 * (so `page.evaluate(() => window.__p2p)` serialises whole, and nothing in it can be changed to
 * steer the game). Only published with `join({ debug: true })`.
 */

/** Positions by entity id, from the decided state. */
export type Positions = Readonly<Record<string, FieldValues>>;

/** Where the snapshot's values come from (the game link and the scenes' bindings). */
export interface DebugSource {
  playerId(): string | undefined;
  name(): string | undefined;
  phase(): string;
  progress(): readonly string[];
  error(): { readonly code: string; readonly message: string; readonly failed?: string } | undefined;
  status(): string | undefined;
  info(): ZoneInfo | undefined;
  entities(): Positions;
  positionsAt(round: number): Positions | undefined;
  decidedRounds(): readonly number[];
  items(): readonly Item[];
  peers(): readonly SessionPeer[];
  counters(): DebugCounters;
  overlayVisible(): boolean;
  /** The crypto the player's session runs on (undefined before it opens). */
  crypto(): DebugCrypto | undefined;
}

/** Which implementations sign and hash: the slow fallbacks show here when the fast ones are refused. */
export interface DebugCrypto {
  /** `webcrypto` | `tweetnacl`. */
  readonly signatures: string;
  /** `wasm` | `tweetnacl`. */
  readonly hash: string;
}

/** Counters by source. */
export interface DebugCounters {
  readonly session: Readonly<Record<string, number>>;
  readonly zone: Readonly<Record<string, number>>;
  readonly plugin: Readonly<Record<string, number>>;
}

/** A member of the group, as the handle shows it. */
export interface DebugMember {
  readonly id: string;
  readonly leader: boolean;
  readonly rttMs: number | null;
}

/** A player the session knows (verified by its hello or found in the DHT), as the handle shows it. */
export interface DebugPeer {
  readonly id: string;
  readonly name: string | null;
  readonly verified: boolean;
  readonly connected: boolean;
  /** Where its certificates were first verified from. */
  readonly certSource: 'dht' | 'hello' | null;
  /** The certified name a DHT lookup returned. */
  readonly dhtName: string | null;
  readonly banned: boolean;
}

/** A dropped item, as the handle shows it. */
export interface DebugItem {
  readonly id: string;
  readonly kind: string;
  readonly x: number;
  readonly y: number;
  readonly by: string;
  readonly cell: string;
}

/** A leaf the player observes, as the handle shows it. */
export interface DebugObservedLeaf {
  readonly cell: string;
  readonly groupId: string;
  readonly rect: Rect;
  readonly members: readonly string[];
  /** The member feeding us its decided rounds. */
  readonly feeder: string | null;
  readonly appliedRound: number | null;
  readonly checkedRound: number;
}

/** The quadtree part of the handle (a zone of quadtree groups, `join({ groups })`). */
export interface DebugGroups {
  /** The player's leaf cell path (`r`, `r0`, `r03` ...), its rectangle, group and leader. */
  readonly cell: string;
  readonly cellRect: Rect;
  readonly groupId: string;
  readonly leader: string | null;
  /** The leaves known to this player (its own and the observed ones always). */
  readonly leaves: readonly { readonly name: string; readonly rect: Rect }[];
  readonly observed: readonly DebugObservedLeaf[];
  /** NEO round messages received from each peer so far: only members of one group exchange them. */
  readonly roundMessagesFrom: Readonly<Record<string, number>>;
  /** The last errors of the player's NEO groups. */
  readonly errors: readonly string[];
}

/** What one read of `window.__p2p` returns. Absent values are `null` (they survive serialisation). */
export interface P2PDebugSnapshot {
  readonly playerId: string | null;
  readonly name: string | null;
  /** `idle` | `joining` | `joined` | `switching` | `left` | `error` | `closed`. */
  readonly phase: string;
  /** The room's membership status (`joining`, `joined`, `dropped` ...), when in a room. */
  readonly status: string | null;
  /** Join steps seen, in order (a zone switch appends `group`, `first-round` again). */
  readonly progress: readonly string[];
  readonly error: { readonly code: string; readonly message: string; readonly failed: string | null } | null;
  readonly zone: string | null;
  readonly cell: string | null;
  readonly groupId: string | null;
  readonly members: readonly DebugMember[];
  readonly leader: string | null;
  readonly round: number | null;
  readonly appliedRound: number | null;
  readonly confirmedRound: number | null;
  readonly epoch: number | null;
  readonly roundMs: number | null;
  readonly k: number | null;
  readonly loss: number | null;
  readonly observedCells: readonly string[];
  /** The observed quadtree leaves' cell paths (with quadtree groups; else the same as `observedCells`). */
  readonly observed: readonly string[];
  /** Quadtree groups: cells, observed leaves, round messages per peer (`null` in a one-group zone). */
  readonly groups: DebugGroups | null;
  /** Decided positions of the bound entities, by id (the newest applied round). */
  readonly entities: Positions;
  /** Applied rounds whose positions {@link positionsAt} still has (the last ~64). */
  readonly decidedRounds: readonly number[];
  readonly items: readonly DebugItem[];
  /** Players the session knows: handshake and DHT certificate state, bans. */
  readonly peers: readonly DebugPeer[];
  readonly counters: DebugCounters;
  readonly overlayVisible: boolean;
  readonly crypto: DebugCrypto | null;
  /** Decided positions of the bound entities after applied round `round`, or `null` when not kept. */
  positionsAt(round: number): Positions | null;
}

/** Freezes `v` and everything reachable from it (plain data). */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

function copyPositions(p: Positions): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [id, values] of Object.entries(p)) out[id] = { ...values };
  return out;
}

/** One read of the handle: a fresh, deeply frozen, plain snapshot of `src`. */
export function buildDebugSnapshot(src: DebugSource): P2PDebugSnapshot {
  const info = src.info();
  const error = src.error();
  const counters = src.counters();
  const snapshot: P2PDebugSnapshot = {
    playerId: src.playerId() ?? null,
    name: src.name() ?? null,
    phase: src.phase(),
    status: src.status() ?? null,
    progress: [...src.progress()],
    error: error === undefined ? null : { code: error.code, message: error.message, failed: error.failed ?? null },
    zone: info?.zone ?? null,
    cell: info?.cell ?? null,
    groupId: info?.groupId ?? null,
    members: (info?.members ?? []).map((m) => ({ id: m.id, leader: m.leader, rttMs: m.rttMs ?? null })),
    leader: info?.leader ?? null,
    round: info?.round ?? null,
    appliedRound: info?.appliedRound ?? null,
    confirmedRound: info?.confirmedRound ?? null,
    epoch: info?.epoch ?? null,
    roundMs: info?.roundMs ?? null,
    k: info?.k ?? null,
    loss: info?.loss ?? null,
    observedCells: [...(info?.observedCells ?? [])],
    observed: [...(info?.observedCells ?? [])],
    groups: debugGroups(info),
    entities: copyPositions(src.entities()),
    decidedRounds: [...src.decidedRounds()],
    items: src.items().map((i) => ({ id: i.id, kind: i.kind, x: i.x, y: i.y, by: i.by, cell: i.cell })),
    peers: src.peers().map((p) => ({
      id: p.id,
      name: p.name,
      verified: p.verified,
      connected: p.connected,
      certSource: p.certSource ?? null,
      dhtName: p.dhtName ?? null,
      banned: p.banned,
    })),
    counters: { session: { ...counters.session }, zone: { ...counters.zone }, plugin: { ...counters.plugin } },
    overlayVisible: src.overlayVisible(),
    crypto: cryptoOf(src.crypto()),
    positionsAt: (round: number) => {
      const p = src.positionsAt(round);
      return p === undefined ? null : deepFreeze(copyPositions(p));
    },
  };
  return deepFreeze(snapshot);
}

function cryptoOf(c: DebugCrypto | undefined): DebugCrypto | null {
  return c === undefined ? null : { signatures: c.signatures, hash: c.hash };
}

function debugGroups(info: ZoneInfo | undefined): DebugGroups | null {
  const g = groupsInfoOf(info);
  if (g === undefined) return null;
  const rect = (r: Rect): Rect => ({ x: r.x, y: r.y, width: r.width, height: r.height });
  return {
    cell: g.cell,
    cellRect: rect(g.cellRect),
    groupId: g.groupId,
    leader: g.leader ?? null,
    leaves: g.leaves.map((l) => ({ name: l.name, rect: rect(l.rect) })),
    observed: g.observed.map((o) => ({
      cell: o.cell,
      groupId: o.groupId,
      rect: rect(o.rect),
      members: [...o.members],
      feeder: o.feeder ?? null,
      appliedRound: o.appliedRound ?? null,
      checkedRound: o.checkedRound,
    })),
    roundMessagesFrom: { ...g.roundMessagesFrom },
    errors: [...g.errors],
  };
}

/**
 * Publishes the handle as a read-only property `key` of `target` (normally `globalThis`, i.e.
 * `window`); each read returns {@link buildDebugSnapshot}. Returns the function that removes it
 * (only if it is still this one).
 */
export function installDebugHandle(target: object, src: DebugSource, key = '__p2p'): () => void {
  const get = (): P2PDebugSnapshot => buildDebugSnapshot(src);
  Object.defineProperty(target, key, { get, configurable: true, enumerable: false });
  return () => {
    if (Object.getOwnPropertyDescriptor(target, key)?.get === get) {
      delete (target as Record<string, unknown>)[key];
    }
  };
}

/**
 * Decided positions of the last `capacity` applied rounds (the e2e tests compare several
 * players' positions at one decided round: every member must hold the same).
 */
export class DecidedHistory {
  readonly #capacity: number;
  readonly #rounds = new Map<number, Positions>();

  constructor(capacity = 64) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Records the positions after applied round `round` (merged with any already recorded for it). */
  record(round: number, positions: Positions): void {
    const known = this.#rounds.get(round);
    if (known !== undefined) {
      this.#rounds.set(round, { ...known, ...positions });
      return;
    }
    this.#rounds.set(round, positions);
    while (this.#rounds.size > this.#capacity) {
      const oldest = this.#rounds.keys().next().value;
      if (oldest === undefined) break;
      this.#rounds.delete(oldest);
    }
  }

  /** The positions after `round`, if still kept. */
  at(round: number): Positions | undefined {
    return this.#rounds.get(round);
  }

  /** The rounds kept, oldest first. */
  rounds(): number[] {
    return [...this.#rounds.keys()];
  }

  /** Forgets every round (a new zone). */
  clear(): void {
    this.#rounds.clear();
  }
}

/** The room handle's speculative-view counters as `speculation.*` (none without a handle). */
export function speculationCounters(room: AnyZoneRoom | undefined): Record<string, number> {
  let stats: SpeculationCounters | undefined;
  try {
    stats = room?.room.speculationStats();
  } catch {
    // A zone of quadtree groups between groups has no handle to read.
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(stats ?? {})) out[`speculation.${k}`] = v;
  return out;
}

/** The crypto a session runs on: its Ed25519 backend and the SHA-512 in use (undefined before it opens). */
export function sessionCrypto(
  session: { readonly ed: { readonly backend: string } } | undefined,
): DebugCrypto | undefined {
  return session === undefined ? undefined : { signatures: session.ed.backend, hash: hashBackend() };
}
