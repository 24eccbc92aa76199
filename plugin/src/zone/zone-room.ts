import { groupLeader, type VerifiedGroup } from '../dht/records/validators/group';
import type { DecidedRound } from '../neo/replicated-state';
import { roundStart } from '../neo/schedule';
import { type RejoinInfo, RoomStatus } from '../room/connection';
import { createRoom } from '../room/create';
import type { RoomHandle } from '../room/handle';
import { RoomReplica } from '../room/replica';
import type { Unsubscribe } from '../room/types';
import { err, ok, type Result } from '../util/result';
import { CellGrid } from './cells';
import { CompositeState } from './composite';
import { ZoneConnection } from './connection';
import type { ZonePeerContext } from './context';
import { DissolveCheck } from './dissolve-check';
import { ZoneError, ZoneErrorCode } from './errors';
import { aborted, GroupEntry } from './group-entry';
import { GroupMember, type MemberOptions } from './group-member';
import { Identities } from './identities';
import { LossMeter, zoneInfo } from './info';
import { ItemsView } from './items';
import { entriesByCell } from './merge';
import type { ResolvedZoneOptions } from './options';
import { Publisher } from './publisher';
import { type SystemMessages, type SystemState, systemRoom } from './system-room';
import type { Rect, ZoneDef, ZoneInfo, ZoneRoom } from './types';
import { Upkeep } from './upkeep';
import { type ZoneWork, zoneWork } from './work';

/** For issue 5, every zone is one group: the quadtree root cell. */
export const ROOT_CELL = 'r';
/** A member dropped by its group looks for the zone's group again after this long, ms. */
const AUTO_REJOIN_MS = 1000;

/**
 * The local player's place in one zone: finds, joins or founds the zone's group, replicates the
 * game room and the system room through it, merges with a group founded at the same time,
 * leaves, and reports what the debug overlay shows. Created by {@link joinZone}.
 */
export class ZoneRoomImpl<S extends object, M> implements ZoneRoom<S, M> {
  readonly zone: ZoneDef;
  readonly room: RoomHandle<S, M>;
  readonly items: ItemsView;
  readonly #ctx: ZonePeerContext;
  readonly #o: ResolvedZoneOptions<S, M>;
  readonly #grid: CellGrid;
  readonly #system: RoomReplica<SystemState, SystemMessages>;
  readonly #composite: CompositeState;
  readonly #conn = new ZoneConnection();
  readonly #work: ZoneWork;
  readonly #publisher: Publisher;
  readonly #counters: Record<string, number> = {};
  readonly #applied = new Set<(round: number, time: number) => void>();
  readonly #loss = new LossMeter();
  readonly #offs: (() => void)[] = [];
  readonly #entry: GroupEntry;
  readonly #dissolve: DissolveCheck;
  #member: GroupMember | undefined;
  #interest: Rect | undefined;
  #closed = false;
  #leaving: Promise<void> | undefined;
  #moving = false;
  readonly #upkeep: Upkeep;
  #lastApplied = 0;

  constructor(ctx: ZonePeerContext, o: ResolvedZoneOptions<S, M>) {
    this.#ctx = ctx;
    this.#o = o;
    this.zone = o.zone;
    this.#work = zoneWork(ctx);
    this.#grid = new CellGrid(o.zone.bounds, o.cellSize);
    const created = createRoom(o.room, { connection: this.#conn, self: ctx.playerId });
    this.room = created.room;
    this.#system = new RoomReplica(systemRoom(this.#grid, o.decayMs), { self: ctx.playerId });
    this.#composite = new CompositeState(created.replica as unknown as RoomReplica<object, unknown>, this.#system);
    this.items = new ItemsView(this.#system, this.#grid);
    // Where each collaborator works: this zone's one cell, as this player.
    const where = { ctx, zone: o.zone.name, cell: ROOT_CELL };
    this.#publisher = new Publisher({
      ...where,
      work: this.#work,
      identities: new Identities(ctx.dht),
      system: this.#system,
      counters: this.#counters,
      schedule: () => this.#member?.neo.control.schedule ?? [],
      isLeader: () => this.#leader() === ctx.playerId,
      alive: () => !this.#closed,
    });
    this.#upkeep = new Upkeep({
      ...where,
      defaults: o,
      settled: () => {
        const m = this.#member;
        return m?.joined && !this.#moving && !this.#closed && this.#conn.status === RoomStatus.Joined ? m : undefined;
      },
      isLeader: () => this.#leader() === ctx.playerId,
      lastApplied: () => this.#lastApplied,
      group: () => this.#system.state,
      newestSeq: () => this.#publisher.lastGroupRecord?.seq ?? 0,
      stalled: (m) => {
        this.#count('stalls');
        m.stop();
        this.#member = undefined;
        this.#dropped();
      },
      alone: (m) => void this.#goOnAlone(m),
      act: (a) => {
        this.#count(`record.${a.kind}`);
        if (a.kind === 'republish') this.#publisher.republish();
        else if (a.kind === 'bump') this.#system.enqueue('bump', { seq: a.seq });
        else if (a.kind === 'dissolve') {
          this.#count('dissolveProposed');
          this.#system.enqueue('dissolve', { into: a.into });
        }
      },
    });
    this.#entry = new GroupEntry({
      ...where,
      grid: this.#grid,
      options: o,
      state: this.#composite,
      system: this.#system,
      count: (name) => this.#count(name),
      startMember: (groupId, start) => this.#startMember(groupId, start),
      forget: (m) => this.#forget(m),
    });
    this.#dissolve = new DissolveCheck({
      ...where,
      closed: () => this.#closed,
      member: () => this.#member,
      groupId: () => this.#system.state.groupId,
      migrate: (rec) => this.#migrate(rec),
    });
    this.#conn.bind(this);
    this.#system.observe({ update: (u) => this.#onSystem(u.state as SystemState) });
    this.#offs.push(ctx.onBan((id) => this.#member?.neo.ban(id)));
    o.signal?.addEventListener('abort', () => this.#abort(), { once: true });
  }

  get status(): RoomStatus {
    return this.#conn.status;
  }

  /** @internal Finds or founds the group; resolves once the first round is applied. */
  async start(): Promise<Result<void, ZoneError>> {
    const r = await this.#entry.first();
    if (r.ok) {
      this.#conn.set(RoomStatus.Joined);
      this.#upkeep.start();
    } else this.#abort();
    return r;
  }

  now(): number {
    return this.#ctx.clock.now();
  }

  roundTime(round: number): number | undefined {
    const schedule = this.#member?.neo.control.schedule ?? [];
    return schedule.length === 0 ? undefined : roundStart(schedule, round);
  }

  onApplied(fn: (round: number, time: number) => void): Unsubscribe {
    this.#applied.add(fn);
    return () => {
      this.#applied.delete(fn);
    };
  }

  onBeforeInput(fn: (round: number) => void): Unsubscribe {
    return this.#composite.onBeforeInput(fn);
  }

  setInterest(r: Rect | undefined): void {
    this.#interest = r === undefined ? undefined : { x: r.x, y: r.y, width: r.width, height: r.height };
  }

  info(): ZoneInfo {
    return zoneInfo({
      zone: this.zone.name,
      cell: ROOT_CELL,
      groupId: this.#member?.groupId ?? this.#system.state.groupId,
      neo: this.#member?.neo,
      leader: this.#leader(),
      self: this.#ctx.playerId,
      rttTo: (id) => this.#ctx.rttTo?.(id),
      defaults: this.#o,
      loss: this.#loss.loss,
      grid: this.#grid,
      interest: this.#interest,
      counters: { ...this.#composite.counters, itemListenerErrors: this.items.errors, ...this.#counters },
    });
  }

  leave(): Promise<void> {
    this.#leaving ??= (async () => {
      this.#closed = true;
      this.#entry.abort();
      this.#upkeep.stop();
      const m = this.#member;
      if (m !== undefined) await this.#exit(m);
      this.#close();
    })();
    return this.#leaving;
  }

  /** @internal The connection's `rejoin()`: same identity, discovery again. */
  async rejoin(signal?: AbortSignal): Promise<Result<RejoinInfo, ZoneError>> {
    if (this.#conn.status === RoomStatus.Joined) return ok({ round: this.#composite.round });
    if (this.#moving) return err(new ZoneError(ZoneErrorCode.JoinFailed, 'already moving between groups'));
    if (this.#o.signal?.aborted) return err(aborted());
    await this.#leaving;
    this.#closed = false;
    this.#leaving = undefined;
    this.#moving = true;
    this.#conn.set(RoomStatus.Rejoining);
    this.#member?.stop();
    const r = await this.#entry.enter(undefined, signal);
    this.#moving = false;
    if (!r.ok) {
      this.#conn.set(this.#closed ? RoomStatus.Left : RoomStatus.Dropped);
      return r;
    }
    this.#conn.set(RoomStatus.Joined);
    this.#upkeep.start();
    return ok({ round: this.#composite.round });
  }

  /** @internal The combined state hash (game, system, NEO control) after `round`, while retained. */
  hashAfter(round: number): Uint8Array | undefined {
    return this.#member?.neo.hashAfter(round);
  }

  /** @internal The work simulations wait for. */
  get work(): ZoneWork {
    return this.#work;
  }

  #leader(): string | undefined {
    const e = this.#member?.neo.epoch;
    return e === undefined ? undefined : groupLeader(e.members, this.zone.name, ROOT_CELL, e.epoch);
  }

  #count(name: string): void {
    this.#counters[name] = (this.#counters[name] ?? 0) + 1;
  }

  #startMember(groupId: string, start: MemberOptions['start']): GroupMember {
    this.#loss.reset();
    const m = new GroupMember({
      ctx: this.#ctx,
      zone: this.zone.name,
      cell: ROOT_CELL,
      groupId,
      state: this.#composite,
      start,
      config: this.#o.neo,
      hooks: this.#o.testHooks,
      work: this.#work,
      on: {
        applied: (round) => this.#onApplied(m, round),
        epoch: () => {},
        left: (reason) => this.#onLeft(m, reason),
      },
    });
    this.#member = m;
    // Others' inputs, readable before their round is decided: the game's speculative view.
    m.neo.on('revealed', (r) => m === this.#member && this.#composite.reveal(r));
    return m;
  }

  #onApplied(m: GroupMember, round: DecidedRound): void {
    if (m !== this.#member) return;
    this.#lastApplied = this.#ctx.clock.now();
    const e = m.neo.epoch;
    this.#loss.sample(m.neo.counters, (e?.members.length ?? 1) - 1);
    for (const fn of [...this.#applied]) {
      try {
        fn(round.round, round.time);
      } catch {
        this.#count('appliedListenerErrors');
      }
    }
  }

  #onLeft(m: GroupMember, reason: 'left' | 'removed'): void {
    if (m !== this.#member || this.#moving || this.#closed || !m.joined) return;
    // Removed without asking (timed out, banned): the state is frozen until a rejoin.
    this.#count(reason === 'left' ? 'left' : 'removed');
    m.stop();
    this.#member = undefined;
    if (this.#ctx.isBanned(this.#ctx.playerId)) this.#close();
    else this.#dropped();
  }

  /**
   * Out of the group without asking (removed, or cut off): status `dropped`, and discovery again
   * shortly. Alone, we found a group, and the merge rule brings the groups back together once
   * the links heal.
   */
  #dropped(): void {
    this.#conn.set(RoomStatus.Dropped);
    this.#ctx.clock.setTimeout(() => {
      if (this.#conn.status !== RoomStatus.Dropped || this.#closed) return;
      this.#count('autoRejoins');
      void this.rejoin();
    }, AUTO_REJOIN_MS);
  }

  /**
   * Every other member's link closed (their tabs closed) and nothing is decided any more: found a
   * group of our own at once with the state we hold, instead of waiting for the stall watch and a
   * discovery that can only find the dead group. The others' avatars leave in its first round. If
   * they were only cut off, they do the same, and the merge rule brings the groups together.
   */
  async #goOnAlone(m: GroupMember): Promise<void> {
    if (this.#moving || this.#closed || this.#member !== m) return;
    this.#moving = true;
    this.#count('wentOnAlone');
    this.#conn.set(RoomStatus.Rejoining);
    m.stop();
    this.#member = undefined;
    const signal = this.#o.signal ?? new AbortController().signal;
    const r = await this.#entry.found(this.#publisher.lastGroupRecord?.seq, signal, false);
    this.#moving = false;
    if (r.ok) this.#conn.set(RoomStatus.Joined);
    else if (!this.#closed) this.#dropped();
  }

  /** Leaves `m` (gracefully when others are in it) and forgets it. */
  async #exit(m: GroupMember): Promise<void> {
    await m.exit();
    this.#forget(m);
  }

  #forget(m: GroupMember): void {
    if (this.#member === m) this.#member = undefined;
  }

  #onSystem(st: SystemState): void {
    this.#publisher.onState(st);
    this.#dissolve.onState(st);
  }

  async #migrate(rec: VerifiedGroup): Promise<void> {
    if (this.#moving || this.#closed) return;
    this.#moving = true;
    this.#count('merges');
    this.#conn.set(RoomStatus.Rejoining);
    // What we knew is carried over: the new group adopts items it does not have yet.
    const byCell = entriesByCell(this.#system.state.items);
    const old = this.#member;
    if (old !== undefined) await this.#exit(old);
    const r = this.#closed ? err(aborted()) : await this.#entry.enter(rec);
    this.#moving = false;
    if (r.ok) {
      for (const [cell, entries] of byCell) this.#entry.queueLoad(cell, 0, entries);
      this.#conn.set(RoomStatus.Joined);
    } else if (!this.#closed) this.#conn.set(RoomStatus.Dropped);
  }

  #close(): void {
    this.#closed = true;
    this.#upkeep.stop();
    this.#conn.set(RoomStatus.Left);
  }

  /** The caller's signal fired: stop everything at once. */
  #abort(): void {
    this.#closed = true;
    this.#entry.abort();
    this.#member?.stop();
    this.#member = undefined;
    for (const off of this.#offs.splice(0)) off();
    this.#close();
  }
}
