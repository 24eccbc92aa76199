import {
  GROUP_RECORD_TYPE,
  groupIdOf,
  groupRecordKey,
  parseGroupRecord,
  type VerifiedGroup,
} from '../dht/records/validators/group';
import type { DecidedRound } from '../neo/replicated-state';
import type { PeerId } from '../transport/transport';
import { ok, type Result } from '../util/result';
import type { ZonePeerContext } from '../zone/context';
import { deadline } from '../zone/discovery';
import type { ZoneError } from '../zone/errors';
import { Identities } from '../zone/identities';
import type { Rect } from '../zone/types';
import { type ZoneWork, zoneWork } from '../zone/work';
import { type PlayedEvent, ZoneEvents } from './broadcast';
import { deriveCellState } from './cell-composite';
import { CellMember, type CellStart } from './cell-member';
import type { Entity, Transition } from './cell-state';
import { MemberDuties } from './duties';
import { Entry, JOIN_TIMEOUT_MS } from './entry';
import { contains, expand, type Point, rootSquare } from './geometry';
import { Mover } from './mover';
import type { ResolvedGroupsOptions } from './options';
import { Stewardship } from './stewardship';
import { type ObservedLeaf, ViewManager } from './view';
import { StateWaiters } from './waiters';
import { LeafFinder } from './walk';

export { JOIN_TIMEOUT_MS };

/** A group that applied no round for this long (at least) is stuck, ms. */
export const STALL_MS = 8000;

/**
 * The local player in a zone divided into quadtree groups: finds its leaf (walking the DHT
 * records down from the root), joins or founds that leaf's group, keeps its avatar (entity) in
 * it, follows the group through splits and re-roots, and hands the entity over to the next
 * group when the avatar crosses a border (see `mover.ts`). Leader duties (records, siblings,
 * inner records) are in `stewardship.ts`. Created by {@link joinGroups}.
 */
export class GroupsPlayer {
  readonly ctx: ZonePeerContext;
  readonly o: ResolvedGroupsOptions<object, unknown>;
  readonly finder: LeafFinder;
  readonly identities: Identities;
  readonly work: ZoneWork;
  readonly counters: Record<string, number> = {};
  readonly waiters: StateWaiters;
  readonly duties: MemberDuties;
  readonly #mover: Mover;
  readonly #steward: Stewardship;
  readonly #view: ViewManager;
  /** Zone events: raised here, carried between groups, played. */
  readonly events: ZoneEvents;
  readonly #applied = new Set<(m: CellMember, round: DecidedRound) => void>();
  readonly #following = new WeakSet<CellMember>();
  /** Children of groups we were leaving, started only to leave them (see `#follow`). */
  readonly #detached = new Set<CellMember>();
  /** The group holding our entity (or about to: right after joining). */
  current: CellMember | undefined;
  /** Walks, joins or founds, and spawns (at the start and after a removal). */
  readonly #entry: Entry;
  /** The group our entity is being handed over to. */
  transit: CellMember | undefined;
  /** Groups we are leaving (`cell|groupId`), until out: never a handoff target meanwhile. */
  readonly exiting = new Set<string>();
  /** We are in no group of a transition of ours: hand the entity over to whoever holds its cell now. */
  orphan = false;
  #closed = false;
  #lastApplied = 0;

  constructor(ctx: ZonePeerContext, o: ResolvedGroupsOptions<object, unknown>) {
    this.ctx = ctx;
    this.o = o;
    this.work = zoneWork(ctx);
    this.identities = new Identities(ctx.dht);
    this.waiters = new StateWaiters(ctx.clock);
    this.#entry = new Entry(this);
    this.duties = new MemberDuties(ctx, this.work, this.identities, this.counters);
    this.finder = new LeafFinder({
      zone: o.zone.name,
      root: rootSquare(o.zone.bounds),
      clock: ctx.clock,
      bounds: o.zone.bounds,
      read: (cell, signal) => this.readCell(cell, signal),
    });
    this.#mover = new Mover(this);
    this.#steward = new Stewardship(this);
    this.events = new ZoneEvents(this);
    this.#view = new ViewManager(this);
    o.signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Whether `leave()` or `stop()` ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Our entity as our group decided it last. */
  entity(): Entity | undefined {
    return this.current?.state.entities[this.ctx.playerId];
  }

  /** Runs after every applied round of any of our groups; returns the unsubscribe function. */
  onApplied(fn: (m: CellMember, round: DecidedRound) => void): () => void {
    this.#applied.add(fn);
    return () => {
      this.#applied.delete(fn);
    };
  }

  /** Finds our leaf, joins or founds its group, and creates our entity there. */
  async start(): Promise<Result<void, ZoneError>> {
    const r = await this.#entry.settleIn(this.o.position, this.ctx.clock.now() + JOIN_TIMEOUT_MS);
    if (!r.ok) return r;
    this.#steward.start();
    this.#view.touch();
    return ok(undefined);
  }

  /**
   * The camera's world view: every other leaf it overlaps (grown by `viewMargin`) is observed;
   * undefined observes nothing.
   */
  setView(r: Rect | undefined): void {
    this.#view.setView(r);
  }

  /** The leaves we observe now. */
  observed(): ObservedLeaf[] {
    return this.#view.observed();
  }

  /** The observed leaf holding `p`, with its group's members as its feed shows them. */
  observedAt(p: Point): { cell: string; groupId: string; members: readonly PeerId[] } | undefined {
    for (const o of this.#view.observed()) {
      if (!contains(this.finder.tree.rect(o.cell), p)) continue;
      const members = o.observer.members();
      if (members.length > 0) return { cell: o.cell, groupId: o.groupId, members };
    }
    return undefined;
  }

  /** Our group or the tree changed: the observed leaves are looked at again. */
  viewChanged(): void {
    this.#view.touch();
  }

  /** Raises a zone event (a bell): every group of the zone plays it `leadMs` (default 3 s) after it is decided here. */
  raiseEvent(kind: string, payload: Uint8Array = new Uint8Array(0), leadMs?: number): void {
    this.events.raise(kind, payload, leadMs);
  }

  /** Runs `fn` whenever our group plays a zone event; returns the unsubscribe function. */
  onZoneEvent(fn: (e: PlayedEvent) => void): () => void {
    return this.events.on(fn);
  }

  /** Moves our avatar towards `p` (decided through the rounds; speed-limited). */
  move(p: Point): void {
    const e = this.entity();
    if (e !== undefined && !e.frozen) this.current?.submit('pos', { x: p.x, y: p.y });
  }

  /** The group record of `cell` from the DHT (verified there), or undefined. */
  async readCell(cell: string, signal?: AbortSignal): Promise<VerifiedGroup | undefined> {
    const d = deadline(this.ctx.clock, this.o.discoveryTimeoutMs, signal);
    try {
      const r = await this.ctx.dht.get(groupRecordKey(this.o.zone.name, cell), { signal: d.signal }).result;
      if (!r.ok || r.value.record.type !== GROUP_RECORD_TYPE) return undefined;
      const g = parseGroupRecord(r.value.record);
      return g.ok ? g.value : undefined;
    } finally {
      d.done();
    }
  }

  /**
   * Joins the group `record` names for `cell` through whichever member answers first, or founds
   * a group of the cell alone when there is none or nobody answers (see {@link Entry.enter}).
   */
  enter(
    cell: string,
    record: Pick<VerifiedGroup, 'groupId' | 'members' | 'seq'> | undefined,
    signal?: AbortSignal,
  ): Promise<CellMember | undefined> {
    return this.#entry.enter(cell, record, signal);
  }

  /** @internal A membership of `cell`'s group `groupId`, wired to this player. */
  newMember(
    cell: string,
    groupId: string,
    neoStart: ConstructorParameters<typeof CellMember>[0]['neoStart'],
    start?: CellStart,
  ) {
    return new CellMember({
      ctx: this.ctx,
      o: this.o,
      cell,
      groupId,
      neoStart,
      start,
      work: this.work,
      identities: this.identities,
      counters: this.counters,
      on: {
        applied: (m, round) => this.#onApplied(m, round),
        left: (m, reason) => this.#onLeft(m, reason),
      },
    });
  }

  /**
   * A group that applies nothing any more (it lost its majority: a joiner that never started in a
   * group of one, a partition) cannot be helped by NEO. Like the zone layer's stall watch: after
   * max(8 s, 40 R k) without an applied round, we leave it and come back in where the avatar was.
   */
  checkStall(): void {
    const m = this.current;
    if (m === undefined || this.#closed || !m.joined || m.ended) return;
    const e = m.group.neo.epoch;
    const limit = Math.max(STALL_MS, 40 * (e?.roundMs ?? this.o.roundMs) * (e?.k ?? this.o.k));
    if (this.ctx.clock.now() - this.#lastApplied <= limit) return;
    this.#count('stalls');
    this.#onLeft(m, 'removed');
  }

  #onApplied(m: CellMember, round: DecidedRound): void {
    if (m === this.current) this.#lastApplied = this.ctx.clock.now();
    if (this.#closed || (m !== this.current && m !== this.transit)) {
      // A group we are leaving (our entity went elsewhere) that reaches a transition before our
      // leave took effect still names us in a child: we start that child only to leave it.
      const t = m.state.transition;
      if (!this.#closed && t !== null && round.round === t.at - 1) this.#follow(m, t);
      this.waiters.poke(m);
      return;
    }
    this.duties.run(m);
    const t = m.state.transition;
    if (t !== null) {
      m.composite.inputsUntil = Math.min(m.composite.inputsUntil, t.at);
      if (round.round === t.at - 1) this.#follow(m, t);
    }
    this.waiters.poke(m);
    for (const fn of [...this.#applied]) {
      try {
        fn(m, round);
      } catch {
        this.#count('appliedListenerErrors');
      }
    }
    this.#bridgeEvents(m);
    if (m === this.current) {
      this.events.afterApplied(m);
      this.#checkPlace(m);
    }
  }

  /**
   * Zone events pass between the groups whose states we hold (see `ZoneEvents.bridge`): the two
   * groups of a handoff both ways, and every observed leaf into our group.
   */
  #bridgeEvents(m: CellMember): void {
    const cur = this.current;
    const tr = this.transit;
    if (cur !== undefined && tr?.joined && (m === cur || m === tr)) {
      this.events.bridge(m === cur ? tr : cur, m.state);
    }
    if (m !== cur || cur.state.transition !== null) return;
    for (const o of this.#view.observed()) this.events.bridge(cur, o.observer.composite.state);
  }

  /**
   * Our group ends at a transition: start the group we are assigned to, from the derived state.
   * For a group we were leaving, the child is started and left at once (NEO leave after its first
   * round): otherwise its members would count us, silent, in every majority (their group would
   * stall if we were half of it), and hold our frozen entity copy for good.
   */
  #follow(m: CellMember, t: Transition): void {
    if (this.#following.has(m)) return;
    this.#following.add(m);
    const self = this.ctx.playerId;
    const cell = Object.keys(t.groups).find((c) => t.groups[c]!.includes(self));
    const e = m.epochAt(t.at - 1);
    const t0 = m.roundTime(t.at);
    // Keep the old group running a little: the others settle its last rounds with our messages.
    const linger = ((e?.k ?? 2) * 2 + this.o.neo.giveUpRounds + 4) * (e?.roundMs ?? this.o.roundMs);
    this.ctx.clock.setTimeout(() => m.stop(), linger);
    if (cell === undefined || e === undefined || t0 === undefined) {
      if (m === this.current) this.orphan = true;
      return;
    }
    const members = t.groups[cell]!;
    const groupId = groupIdOf(members[0]!, t0);
    const start: CellStart = {
      kind: t.kind,
      round: t.at - 1,
      cell: deriveCellState(m.state, t, cell, groupId),
      game: m.composite.game?.snapshot(),
      leaving: m.members().filter((x) => !members.includes(x)),
      from: m.state.groupId,
    };
    const epoch = { epoch: 0, firstRound: t.at, t0, roundMs: e.roundMs, k: e.k, members };
    const child = this.newMember(cell, groupId, { epoch }, start);
    const entering = this.#entry.isEntering(m);
    if (m !== this.current && m !== this.transit && !entering) {
      this.#count('childrenLeft');
      this.#detached.add(child);
      void child.group
        .waitFirst(JOIN_TIMEOUT_MS, new AbortController().signal)
        .then((first) => (first ? child.exit() : child.stop()))
        .finally(() => this.#detached.delete(child));
      return;
    }
    this.#count(t.kind === 'split' ? 'splits' : 'reroots');
    if (m === this.current) this.current = child;
    else if (m === this.transit) this.transit = child;
    else if (entering) this.#entry.follow(m, child);
    this.#view.touch();
    if (t.kind === 'split') for (const c of Object.keys(t.groups)) if (c !== cell) this.finder.invalidate(c);
    this.finder.note(m.cell, undefined);
  }

  /** Whether our avatar left our leaf (with the border margin), or the group asked us to move. */
  #checkPlace(m: CellMember): void {
    if (this.#mover.busy || this.#closed) return;
    const e = m.state.entities[this.ctx.playerId];
    if (e === undefined) return;
    if (e.frozen) {
      // A handoff of ours that we no longer run (a restart): take it back.
      m.submit('back', {});
      return;
    }
    // Our cell is a leaf as far as we know (we are in its group): stay while the avatar is inside
    // it grown by the border margin (the hysteresis that keeps border walkers in place).
    const relocate = m.state.relocate !== null || this.orphan;
    const inside = contains(expand(this.finder.tree.rect(m.cell), this.o.borderMargin), e);
    if (relocate || !inside) void this.#mover.run(e);
  }

  #onLeft(m: CellMember, reason: 'left' | 'removed'): void {
    this.waiters.poke(m);
    if (m !== this.current || this.#closed) return;
    // Removed without asking (cut off, timed out): come back in where the avatar was.
    this.#count(reason === 'left' ? 'leftGroup' : 'removed');
    const last = m.state.entities[this.ctx.playerId];
    m.stop();
    this.current = undefined;
    // A join in progress notices by itself (its spawn finds no group) and walks again.
    if (!this.#entry.busy) this.#entry.rejoin(last ?? this.o.position);
  }

  /** Leaves every group (gracefully), stops every timer. Idempotent. */
  async leave(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#steward.stop();
    this.#view.stop();
    this.waiters.clear();
    const groups = [this.current, this.transit].filter((g): g is CellMember => g !== undefined);
    for (const m of this.#detached) m.stop();
    await Promise.all(groups.map((g) => g.exit()));
  }

  /** @internal Our group just applied a round (or we just entered one): the stall watch restarts. */
  markApplied(): void {
    this.#lastApplied = this.ctx.clock.now();
  }

  /** Stops everything at once (no goodbye). */
  stop(): void {
    this.#closed = true;
    this.#steward.stop();
    this.#view.stop();
    this.waiters.clear();
    this.current?.stop();
    this.transit?.stop();
    for (const m of this.#detached) m.stop();
  }

  /** Members of our current group. */
  members(): readonly PeerId[] {
    return this.current?.members() ?? [];
  }

  count(name: string): void {
    this.#count(name);
  }

  #count(name: string): void {
    this.counters[name] = (this.counters[name] ?? 0) + 1;
  }
}
