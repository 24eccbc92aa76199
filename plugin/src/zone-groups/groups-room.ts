import type { CellMember } from '../groups/cell-member';
import { cellRect, overlaps, parentOf } from '../groups/geometry';
import type { GroupsPlayer } from '../groups/player';
import type { ObservedLeaf } from '../groups/view';
import { type RejoinInfo, RoomStatus } from '../room/connection';
import { RoomHandle } from '../room/handle';
import type { PathKey } from '../room/paths';
import { getAt } from '../room/paths';
import type { RoomReplica } from '../room/replica';
import type { Unsubscribe } from '../room/types';
import type { P2PError } from '../util/errors';
import { ok, type Result } from '../util/result';
import { ZoneConnection } from '../zone/connection';
import { flatCounters, LossMeter } from '../zone/info';
import type { Rect, ZoneDef, ZoneInfo, ZoneRoom } from '../zone/types';
import { NoItems } from './items';
import { MergedAtCache, mergedAt } from './merge-view';
import { RoundMap } from './round-map';
import { RoundTraffic } from './round-traffic';

/** A leaf cell of the quadtree, for the overlay. */
export interface GroupsCellInfo {
  /** Cell path (`r`, `r0`, `r03` ...). */
  readonly name: string;
  readonly rect: Rect;
}

/** An observed leaf, for the overlay and the debug handle. */
export interface ObservedLeafInfo {
  readonly cell: string;
  readonly groupId: string;
  readonly rect: Rect;
  readonly members: readonly string[];
  readonly feeder: string | undefined;
  readonly appliedRound: number | undefined;
  readonly checkedRound: number;
}

/** What {@link GroupsZoneRoom.info} adds to {@link ZoneInfo}: the quadtree and observation. */
export interface GroupsInfo {
  /** The leaves of the zone's quadtree as this player knows them (own and observed leaves always). */
  readonly leaves: readonly GroupsCellInfo[];
  /** The player's own leaf and its rectangle. */
  readonly cell: string;
  readonly cellRect: Rect;
  readonly groupId: string;
  readonly leader: string | undefined;
  readonly observed: readonly ObservedLeafInfo[];
  /** NEO round messages received from each peer so far (members only ever send them). */
  readonly roundMessagesFrom: Readonly<Record<string, number>>;
  /** The last errors the player's NEO groups reported (a group that stops on one shows why here). */
  readonly errors: readonly string[];
}

/** {@link ZoneInfo} of a zone of quadtree groups: `cells` are the quadtree's leaves, `observedCells` the observed ones. */
export interface ZoneGroupsInfo extends ZoneInfo {
  readonly groups: GroupsInfo;
}

/** What the room needs besides the groups client. */
export interface GroupsRoomParts {
  readonly zone: ZoneDef;
  readonly player: GroupsPlayer;
  /** Path of the players' record in the game room state (the local entry's `x`, `y` is the avatar). */
  readonly entityPath: readonly PathKey[];
  readonly transport: ConstructorParameters<typeof RoundTraffic>[0];
  readonly self: string;
  rttTo(id: string): number | undefined;
}

/**
 * A {@link ZoneRoom} over quadtree groups (`joinGroups`), so the Phaser plugin and the game run
 * unchanged on top of them:
 *
 * - `room` is the game room handle of the player's current leaf group (a new handle when the
 *   avatar's entity moves to another group: listeners follow with {@link onLeafChange});
 * - `stateAt(path)` is what the player sees: its leaf's game state merged with the leaf it is
 *   leaving and the observed leaves' (avatars across a border stay visible);
 * - the local avatar's decided position (`entityPath`) feeds `GroupsPlayer.move` after every
 *   round, `setInterest` feeds `GroupsPlayer.setView`;
 * - rounds are mapped to one rising timeline across groups ({@link RoundMap});
 * - items are not carried yet ({@link NoItems}).
 */
export class GroupsZoneRoom<S extends object, M> implements ZoneRoom<S, M> {
  readonly zone: ZoneDef;
  readonly items = new NoItems();
  readonly player: GroupsPlayer;
  readonly #parts: GroupsRoomParts;
  readonly #conn = new ZoneConnection();
  readonly #handles = new WeakMap<CellMember, RoomHandle<S, M>>();
  readonly #hooked = new WeakSet<CellMember>();
  readonly #rounds = new RoundMap<CellMember>();
  readonly #traffic: RoundTraffic;
  readonly #loss = new LossMeter();
  readonly #applied = new Set<(round: number, time: number) => void>();
  readonly #before = new Set<(round: number) => void>();
  readonly #leafChange = new Set<(room: RoomHandle<S, M>) => void>();
  readonly #offs: (() => void)[] = [];
  /** The group whose game room `room` is. */
  #shown: CellMember | undefined;
  /** The group we were in before (its state is shown until ours holds our avatar). */
  #previous: CellMember | undefined;
  #interest: Rect | undefined;
  readonly #errors: string[] = [];
  /** One cache per path read (a game usually binds one or two collections). */
  readonly #speculativeMerges = new Map<string, MergedAtCache>();
  #leaving: Promise<void> | undefined;

  constructor(parts: GroupsRoomParts) {
    this.zone = parts.zone;
    this.player = parts.player;
    this.#parts = parts;
    this.#traffic = new RoundTraffic(parts.transport);
    this.#conn.bind({ leave: () => this.leave(), rejoin: () => this.#rejoin() });
    this.#offs.push(this.player.onApplied((m, round) => this.#onApplied(m, round.round)));
    this.#follow();
    this.#conn.set(RoomStatus.Joined);
  }

  /** The game room handle of the current leaf group. */
  get room(): RoomHandle<S, M> {
    const m = this.#shown;
    if (m === undefined) throw new Error('GroupsZoneRoom without a group');
    return this.#handleOf(m);
  }

  get status(): RoomStatus {
    return this.#conn.status;
  }

  /** Runs when `room` becomes another group's handle (a handoff, a rejoin); returns the unsubscribe function. */
  onLeafChange(fn: (room: RoomHandle<S, M>) => void): Unsubscribe {
    this.#leafChange.add(fn);
    return () => this.#leafChange.delete(fn);
  }

  /** The value at `path` as the player sees it across its own, previous and observed leaves. */
  stateAt(path: readonly PathKey[]): unknown {
    return mergedAt(this.#states(false), path);
  }

  /**
   * {@link stateAt} with the player's own leaf taken from its game room's speculative view (the
   * others' inputs as soon as their keys arrive, `plugin/spec/room.md`); the leaf it is leaving
   * and the observed leaves stay decided. The same object comes back while nothing changed.
   */
  speculativeStateAt(path: readonly PathKey[]): unknown {
    const states = this.#states(true);
    const key = path.join('\u0000');
    let cache = this.#speculativeMerges.get(key);
    if (cache === undefined) {
      cache = new MergedAtCache();
      this.#speculativeMerges.set(key, cache);
    }
    return cache.at(states, path);
  }

  /**
   * The round {@link speculativeStateAt} stands at, on the game's round timeline (undefined before
   * the leaf's first applied round is placed on it).
   */
  get speculativeRound(): number | undefined {
    const m = this.#shown;
    const game = m?.composite.game;
    const off = m === undefined ? undefined : this.#rounds.offsetOf(m);
    return game === undefined || off === undefined ? undefined : game.speculativeRound + off;
  }

  now(): number {
    return this.player.ctx.clock.now();
  }

  roundTime(round: number): number | undefined {
    const m = this.#shown;
    if (m === undefined) return undefined;
    const q = this.#rounds.toGroup(m, round);
    return q === undefined ? undefined : m.roundTime(q);
  }

  onApplied(fn: (round: number, time: number) => void): Unsubscribe {
    this.#applied.add(fn);
    return () => this.#applied.delete(fn);
  }

  onBeforeInput(fn: (round: number) => void): Unsubscribe {
    this.#before.add(fn);
    return () => this.#before.delete(fn);
  }

  setInterest(r: Rect | undefined): void {
    this.#interest = r === undefined ? undefined : { ...r };
    this.player.setView(this.#interest);
  }

  info(): ZoneGroupsInfo {
    const m = this.#shown;
    const neo = m?.group.neo;
    const e = neo?.epoch;
    const leader = m?.leader();
    const off = m === undefined ? 0 : (this.#rounds.offsetOf(m) ?? 0);
    const observed = this.player.observed().map((o) => this.#observedInfo(o));
    const leaves = this.#leaves(m?.cell, observed);
    const counters: Record<string, number> = {
      ...(neo === undefined ? {} : flatCounters(neo.counters)),
      ...this.player.counters,
    };
    const root = this.player.finder.tree.root;
    return {
      zone: this.zone.name,
      cell: m?.cell ?? '',
      groupId: m?.groupId ?? '',
      members: (e?.members ?? []).map((id) => ({
        id,
        leader: id === leader,
        rttMs: id === this.#parts.self ? 0 : this.#parts.rttTo(id),
      })),
      leader,
      round: (neo?.round ?? 0) + off,
      appliedRound: neo?.appliedRound === undefined ? undefined : neo.appliedRound + off,
      confirmedRound: neo === undefined ? -1 : neo.confirmedRound + off,
      epoch: e?.epoch,
      roundMs: e?.roundMs ?? this.player.o.roundMs,
      k: e?.k ?? this.player.o.k,
      loss: this.#loss.loss,
      cells: leaves,
      interest: this.#interest,
      observedCells: observed.map((o) => o.cell),
      counters,
      groups: {
        leaves,
        cell: m?.cell ?? '',
        cellRect: m === undefined ? this.zone.bounds : cellRect(root, m.cell),
        groupId: m?.groupId ?? '',
        leader,
        observed,
        roundMessagesFrom: this.#traffic.byPeer(),
        errors: [...this.#errors],
      },
    };
  }

  leave(): Promise<void> {
    this.#leaving ??= (async () => {
      for (const off of this.#offs.splice(0)) off();
      this.#traffic.stop();
      await this.player.leave();
      this.#conn.set(RoomStatus.Left);
    })();
    return this.#leaving;
  }

  /** Stops at once (no goodbye). */
  stop(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#traffic.stop();
    this.player.stop();
    this.#conn.set(RoomStatus.Left);
  }

  // --- internals -----------------------------------------------------------------------------

  /** Game states to merge: our leaf (speculative or decided), the one we are leaving, the observed ones. */
  #states(speculative: boolean): unknown[] {
    const states: unknown[] = [];
    const own = this.#shown?.composite.game;
    if (own !== undefined) states.push(speculative ? own.speculativeState : own.state);
    if (this.#previous !== undefined && !this.#previous.ended) states.push(this.#previous.composite.game?.state);
    for (const o of this.player.observed()) states.push(o.observer.composite.game?.state);
    return states;
  }

  #handleOf(m: CellMember): RoomHandle<S, M> {
    let h = this.#handles.get(m);
    if (h === undefined) {
      const game = m.composite.game;
      if (game === undefined) throw new Error('a zone of quadtree groups needs the game room');
      h = new RoomHandle(game as unknown as RoomReplica<S, M>, this.#conn);
      this.#handles.set(m, h);
    }
    return h;
  }

  /** Takes up the player's current group when it changed (a handoff, a split, a rejoin). */
  #follow(): void {
    const cur = this.player.current;
    for (const g of [cur, this.player.transit]) if (g !== undefined) this.#hook(g);
    if (cur === undefined || cur === this.#shown) return;
    const before = this.#shown;
    this.#shown = cur;
    this.#loss.reset();
    if (before === undefined) return;
    this.#previous = before;
    this.player.viewChanged();
    const handle = this.#handleOf(cur);
    for (const fn of [...this.#leafChange]) {
      try {
        fn(handle);
      } catch {
        this.player.count('leafChangeListenerErrors');
      }
    }
  }

  /** Listens to a group's input sampling (our samplers run only for the group we show). */
  #hook(m: CellMember): void {
    if (this.#hooked.has(m)) return;
    this.#hooked.add(m);
    // NEO stops a group whose state fails; nobody else listens to its errors.
    m.group.neo.on('error', (e) => {
      this.player.count('neoErrors');
      const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
      this.#errors.push(`${m.cell} ${e.code} ${e.message}${cause}`.slice(0, 300));
      if (this.#errors.length > 5) this.#errors.shift();
    });
    m.composite.onBeforeInput((q) => {
      this.#follow();
      if (m !== this.#shown) return;
      const r = this.#rounds.toGame(m, q);
      for (const fn of [...this.#before]) fn(r);
    });
  }

  #onApplied(m: CellMember, q: number): void {
    this.#follow();
    if (m !== this.#shown) return;
    const e = m.group.neo.epoch;
    this.#loss.sample(m.group.neo.counters, (e?.members.length ?? 1) - 1);
    this.#feedPosition(m);
    const time = m.roundTime(q);
    const r = this.#rounds.toGame(m, q);
    if (time === undefined) return;
    for (const fn of [...this.#applied]) {
      try {
        fn(r, time);
      } catch {
        this.player.count('appliedListenerErrors');
      }
    }
  }

  /** The avatar's decided position in the game room moves the groups layer's entity. */
  #feedPosition(m: CellMember): void {
    const state = m.composite.game?.state;
    const me = state === undefined ? undefined : getAt(state, [...this.#parts.entityPath, this.#parts.self]);
    if (typeof me !== 'object' || me === null) return;
    const { x, y } = me as { x?: unknown; y?: unknown };
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return;
    const e = this.player.entity();
    if (e !== undefined && Math.abs(e.x - x) < 0.5 && Math.abs(e.y - y) < 0.5) return;
    this.player.move({ x, y });
  }

  #observedInfo(o: ObservedLeaf): ObservedLeafInfo {
    return {
      cell: o.cell,
      groupId: o.groupId,
      rect: cellRect(this.player.finder.tree.root, o.cell),
      members: [...o.observer.members()],
      feeder: o.observer.feeder,
      appliedRound: o.observer.appliedRound,
      checkedRound: o.observer.checkedRound,
    };
  }

  /** The known leaves inside the zone: the finder's tree, split down to our own and the observed cells. */
  #leaves(own: string | undefined, observed: readonly ObservedLeafInfo[]): GroupsCellInfo[] {
    const tree = this.player.finder.tree.clone();
    for (const c of [own, ...observed.map((o) => o.cell)]) {
      const p = c === undefined ? undefined : parentOf(c);
      if (p !== undefined && !tree.isInner(p)) tree.split(p);
    }
    return tree
      .leaves()
      .map((name) => ({ name, rect: cellRect(tree.root, name) }))
      .filter((c) => overlaps(c.rect, this.zone.bounds));
  }

  async #rejoin(): Promise<Result<RejoinInfo, P2PError>> {
    // The groups layer rejoins by itself (stall watch); the handle's round is as good as any.
    return ok({ round: this.#shown?.composite.round ?? 0 });
  }
}
