import { changeRound } from '../neo/config';
import { groupTag } from '../neo/context';
import type { NeoStart } from '../neo/options';
import type { DecidedRound } from '../neo/replicated-state';
import { epochOf, roundStart } from '../neo/schedule';
import { RoomReplica } from '../room/replica';
import { encodeSnapshot } from '../room/snapshot';
import type { RoomDefinition } from '../room/types';
import type { PeerId } from '../transport/transport';
import type { ZonePeerContext } from '../zone/context';
import { GroupMember, neoContext } from '../zone/group-member';
import type { Identities } from '../zone/identities';
import type { ZoneWork } from '../zone/work';
import { CellComposite } from './cell-composite';
import { type CellMessages, cellRoom } from './cell-room';
import type { CellParams, CellState } from './cell-state';
import { ObserverFeed } from './feed';
import { rootSquare } from './geometry';
import { groupLeader } from './leader';
import type { ResolvedGroupsOptions } from './options';
import { RecordPublisher } from './publisher';

/** The state a member starts a group with (a transition's derived state), instead of a founder's. */
export interface CellStart {
  /** The transition that made the group. */
  readonly kind: 'split' | 'reroot';
  /** The round the state is "after" (the new group's first round minus one). */
  readonly round: number;
  readonly cell: CellState;
  /** The game room's snapshot bytes after `round`, when the game has a room. */
  readonly game?: Uint8Array | undefined;
  /** Members the game room sees leave in the first round (they went to sibling groups). */
  readonly leaving?: readonly PeerId[];
  /** The group id of the group that split or re-rooted into this one. */
  readonly from?: string;
}

/** What a {@link CellMember} tells its owner. */
export interface CellMemberHooks {
  applied(m: CellMember, round: DecidedRound): void;
  left(m: CellMember, reason: 'left' | 'removed'): void;
}

/** Everything one membership needs. */
export interface CellMemberOptions {
  readonly ctx: ZonePeerContext;
  readonly o: ResolvedGroupsOptions<object, unknown>;
  readonly cell: string;
  readonly groupId: string;
  readonly neoStart: NeoStart;
  readonly start?: CellStart;
  readonly work: ZoneWork;
  readonly identities: Identities;
  readonly counters: Record<string, number>;
  readonly on: CellMemberHooks;
}

/** The cell room parameters of `cell` in a zone (identical at every member). */
export function cellParams(ctx: ZonePeerContext, o: ResolvedGroupsOptions<object, unknown>, cell: string): CellParams {
  return {
    gameId: ctx.gameId,
    zone: o.zone.name,
    cell,
    root: rootSquare(o.zone.bounds),
    bounds: o.zone.bounds,
    rule: o.rule,
    maxSpeed: o.maxSpeed,
    changeRound: (q) => changeRound(o.neo, o.neo.maxK, q),
  };
}

/**
 * The local player's membership in one leaf group: the NEO group (zone's `GroupMember`, its NEO
 * context naming the cell and the group id), the replicated cell room and game room, and the
 * record publisher. A player has one while settled, two while handing its entity over.
 */
export class CellMember {
  readonly cell: string;
  readonly groupId: string;
  readonly params: CellParams;
  readonly def: RoomDefinition<CellState, CellMessages>;
  readonly composite: CellComposite;
  readonly group: GroupMember;
  readonly publisher: RecordPublisher;
  /** The group's NEO tag (observers name the group by it). */
  readonly tag: number;
  /** Feeds the observers that asked us. */
  readonly feed: ObserverFeed;
  /** Clock time this membership began. */
  readonly startedAt: number;
  /** How the group came to be, as far as we are concerned. */
  readonly origin: 'founded' | 'joined' | 'split' | 'reroot';
  /** For a group born of a split or re-root: the group id it came from. */
  readonly parentGroup: string | undefined;
  readonly #ctx: ZonePeerContext;
  #ended = false;

  constructor(m: CellMemberOptions) {
    this.cell = m.cell;
    this.groupId = m.groupId;
    this.#ctx = m.ctx;
    this.startedAt = m.ctx.clock.now();
    this.origin = m.start !== undefined ? m.start.kind : 'join' in m.neoStart ? 'joined' : 'founded';
    this.parentGroup = m.start?.from;
    this.params = cellParams(m.ctx, m.o, m.cell);
    this.def = cellRoom(this.params);
    const startRound = m.start === undefined ? 0 : m.start.round + 1;
    const cell = new RoomReplica(this.def, { self: m.ctx.playerId, startRound });
    const game = m.o.room === undefined ? undefined : new RoomReplica(m.o.room, { self: m.ctx.playerId, startRound });
    this.composite = new CellComposite(cell, game as RoomReplica<object, unknown> | undefined);
    if (m.start !== undefined) {
      const r = m.start.round;
      const restored = cell.restore(encodeSnapshot(this.def.name, r, m.start.cell), r);
      if (!restored.ok) throw restored.error;
      if (game !== undefined && m.start.game !== undefined) {
        const g = game.restore(m.start.game, r);
        if (!g.ok) throw g.error;
      }
      this.composite.leaveInFirstRound(r + 1, m.start.leaving ?? []);
    }
    this.publisher = new RecordPublisher({
      ctx: m.ctx,
      zone: m.o.zone.name,
      work: m.work,
      identities: m.identities,
      counters: m.counters,
      submit: (type, payload) => this.submit(type, payload),
      schedule: () => this.group.neo.control.schedule,
      isLeader: () => this.isLeader(),
      alive: () => !this.#ended,
    });
    this.group = new GroupMember({
      ctx: m.ctx,
      zone: m.o.zone.name,
      cell: m.cell,
      groupId: m.groupId,
      state: this.composite,
      start: m.neoStart,
      config: m.o.neo,
      hooks: m.o.testHooks,
      work: m.work,
      on: {
        applied: (round) => {
          if (this.#ended) return;
          this.publisher.onState(this.state);
          this.feed.afterApplied(round.round);
          m.on.applied(this, round);
        },
        epoch: () => {},
        left: (reason) => m.on.left(this, reason),
      },
    });
    // Revealed inputs feed the game room's speculative view (what `entities.bind({ speculative })` draws).
    this.group.neo.on('revealed', (r) => {
      if (!this.#ended) this.composite.reveal(r);
    });
    this.tag = groupTag(neoContext(m.ctx.gameId, m.o.zone.name, m.cell, m.groupId));
    this.feed = new ObserverFeed(this.tag, m.ctx.transport, this.group.neo, this.composite);
  }

  /** The decided cell state. */
  get state(): CellState {
    return this.composite.state;
  }

  /** Whether our first round here was applied. */
  get joined(): boolean {
    return this.group.joined;
  }

  /** Whether this membership was stopped. */
  get ended(): boolean {
    return this.#ended || this.group.ended;
  }

  /** The leader of the current epoch. */
  leader(): PeerId | undefined {
    const e = this.group.neo.epoch;
    return e === undefined ? undefined : groupLeader(e.members, this.params.zone, this.cell, e.epoch);
  }

  isLeader(): boolean {
    return this.leader() === this.#ctx.playerId;
  }

  /** Members of the current epoch. */
  members(): readonly PeerId[] {
    return this.group.neo.epoch?.members ?? [];
  }

  /** Start time of `round` on this group's schedule. */
  roundTime(round: number): number | undefined {
    const s = this.group.neo.control.schedule;
    return s.length === 0 ? undefined : roundStart(s, round);
  }

  /** Timing of the epoch of `round` (R and k a transition keeps). */
  epochAt(round: number) {
    return epochOf(this.group.neo.control.schedule, round);
  }

  /** Queues a cell room message into our next input here. */
  submit<K extends keyof CellMessages & string>(type: K, payload: CellMessages[K]): void {
    if (!this.#ended) this.composite.cell.enqueue(type, payload);
  }

  /** Leaves gracefully (next epoch; alone: at once). */
  async exit(): Promise<void> {
    await this.group.exit();
    this.#ended = true;
  }

  /** Stops at once. Idempotent. */
  stop(): void {
    this.#ended = true;
    this.group.stop();
  }
}
