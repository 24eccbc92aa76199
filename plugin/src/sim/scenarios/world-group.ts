/**
 * The world simulation's model of one leaf group: NEO's timing and membership rules at the
 * group level (one timer per round for the whole group, not a process per member), the real
 * cell room applied once per decided round (every member holds the same replica), and the bytes
 * every member sends. Round r starts at t0 + (r - firstRound) R; members take their input at its
 * start; it is decided `kR` plus the largest one-way delay between two members later; epoch
 * changes (joins, leaves) take effect at NEO's change round with its gap of k rounds without
 * inputs. Not modelled: R and k adaptation (fixed), inputs lost to loss (NEO accepts 99.9%).
 */
import type { Clock, TimerHandle } from '../../clock/clock';
import type { CellMessages } from '../../groups/cell-room';
import { initialCellState } from '../../groups/cell-room';
import type { CellState } from '../../groups/cell-state';
import { changeRound, type NeoConfig } from '../../neo/config';
import type { DecidedRound } from '../../neo/replicated-state';
import { commitsIn, type Epoch, epochOf, roundStart } from '../../neo/schedule';
import { SendQueue } from '../../room/queue';
import { applyRound } from '../../room/reducer';
import type { RoomDefinition } from '../../room/types';
import type { PeerId } from '../../transport/transport';
import { averageRoundBytes, FETCH_OVERHEAD } from './world-cost';

/** What a group model needs from the world. */
export interface GroupWorld {
  readonly clock: Clock;
  readonly config: NeoConfig;
  latency(a: PeerId, b: PeerId): number;
  /** Bytes a player sent. */
  up(player: PeerId, bytes: number, kind?: string): void;
  /** After a decided round is applied: `decidedAt` is when the last member had decided it. */
  applied(g: SimGroup, round: number, decidedAt: number): void;
  /** An epoch began: `joined` are members now. */
  epoch(g: SimGroup, e: Epoch, joined: readonly PeerId[], left: readonly PeerId[]): void;
  /** The group's last round before a transition was applied. */
  ended(g: SimGroup): void;
}

let nextId = 1;

/** One leaf group (see the module comment). */
export class SimGroup {
  readonly id = nextId++;
  /** The decided cell state (the real reducer; the state hash, which only NEO needs, is not computed). */
  state: CellState;
  readonly schedule: Epoch[] = [];
  /** Each member's send queue, as its replica would keep it (what does not fit a round waits). */
  readonly #queues = new Map<PeerId, SendQueue>();
  readonly #inputs = new Map<number, readonly (Uint8Array | null)[]>();
  readonly #ops: { op: 'j' | 'l'; who: PeerId }[] = [];
  /** Observers fed by a member of ours: observer -> its feeder and the rounds fed so far. */
  readonly subscribers = new Map<PeerId, { feeder: PeerId; rounds: number }>();
  #timer: TimerHandle | undefined;
  #next: number;
  #applyNext: number;
  #ended = false;
  /** How the group began (for the figures). */
  kind: 'warm' | 'founded' | 'split' | 'reroot' = 'warm';
  /** Clock time the group stopped. */
  endedAt: number | undefined;
  /** Largest one-way delay between two members of each epoch (by epoch number), ms. */
  readonly #spread = new Map<number, number>();

  constructor(
    readonly world: GroupWorld,
    readonly cell: string,
    readonly groupId: string,
    readonly def: RoomDefinition<CellState, CellMessages>,
    first: Epoch,
    start?: { round: number; state: CellState },
  ) {
    this.schedule.push(first);
    this.state = start?.state ?? initialCellState();
    this.#next = first.firstRound;
    this.#applyNext = first.firstRound;
    this.#spread.set(first.epoch, this.#spreadOf(first.members));
    this.#arm();
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The epoch of the round in progress. */
  get epochNow(): Epoch {
    return epochOf(this.schedule, Math.max(this.#next - 1, this.schedule[0]!.firstRound)) ?? this.schedule[0]!;
  }

  /** Members now. */
  get members(): readonly PeerId[] {
    return this.epochNow.members;
  }

  /** Start of `round`. */
  time(round: number): number {
    return roundStart(this.schedule, round);
  }

  /** Largest one-way delay between two members of epoch `e`. */
  spread(e: Epoch): number {
    return this.#spread.get(e.epoch) ?? 0;
  }

  /** Queues a message into `player`'s next input. */
  submit(player: PeerId, type: keyof CellMessages & string, payload: unknown): void {
    let q = this.#queues.get(player);
    if (q === undefined) {
      q = new SendQueue(this.def as unknown as RoomDefinition<object, unknown>);
      this.#queues.set(player, q);
    }
    q.push(type, payload);
  }

  /** A member proposes `op` (a join it relays, or its own leave) in its next round. */
  propose(op: 'j' | 'l', who: PeerId): void {
    if (!this.#ops.some((o) => o.op === op && o.who === who)) this.#ops.push({ op, who });
  }

  /** Stops the group (no more rounds). */
  stop(): void {
    if (!this.#ended) this.endedAt = this.world.clock.now();
    this.#ended = true;
    if (this.#timer !== undefined) this.world.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    if (this.#ended) return;
    const at = Math.max(this.world.clock.now(), this.time(this.#next));
    this.#timer = this.world.clock.setTimeout(() => this.#tick(), at - this.world.clock.now());
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#ended) return;
    const r = this.#next++;
    const e = epochOf(this.schedule, r)!;
    if (e.firstRound === r && r > this.schedule[0]!.firstRound) this.#beginEpoch(e);
    const n = e.members.length;
    const commits = commitsIn(this.schedule, r);
    const inputs: (Uint8Array | null)[] = [];
    for (const m of e.members) {
      const q = this.#queues.get(m);
      const input = commits && q !== undefined && q.length > 0 ? (q.take()?.input ?? null) : null;
      inputs.push(input);
      if (n > 1) this.world.up(m, (n - 1) * averageRoundBytes(n, input?.length ?? 0) * (1 + FETCH_OVERHEAD), 'rounds');
    }
    this.#inputs.set(r, inputs);
    if (commits && this.#ops.length > 0) this.#decideOps(r, e);
    const lag = Math.ceil((e.k * e.roundMs + this.spread(e)) / e.roundMs);
    while (this.#applyNext <= r - lag && !this.#ended) this.#apply(this.#applyNext++);
    this.#arm();
  }

  /** Ops proposed this round take effect at NEO's change round (one epoch for all of them). */
  #decideOps(q: number, e: Epoch): void {
    const b = changeRound(this.world.config, e.k, q);
    const last = this.schedule[this.schedule.length - 1]!;
    const members = new Set(last.members);
    for (const { op, who } of this.#ops.splice(0)) {
      if (op === 'j') members.add(who);
      else members.delete(who);
    }
    const sorted = [...members].sort();
    if (sorted.length === 0) {
      // Everyone left (their entities live elsewhere): the group ends.
      this.stop();
      return;
    }
    if (last.firstRound === b) {
      this.schedule[this.schedule.length - 1] = { ...last, members: sorted };
    } else if (last.firstRound < b) {
      this.schedule.push({
        epoch: last.epoch + 1,
        firstRound: b,
        t0: this.time(b),
        roundMs: e.roundMs,
        k: e.k,
        members: sorted,
      });
    }
  }

  #beginEpoch(e: Epoch): void {
    this.#spread.set(e.epoch, this.#spreadOf(e.members));
  }

  #apply(q: number): void {
    const e = epochOf(this.schedule, q)!;
    const prev = epochOf(this.schedule, q - 1);
    const boundary = e.firstRound === q && prev !== undefined && prev !== e;
    const joined = boundary ? e.members.filter((m) => !prev.members.includes(m)) : [];
    const left = boundary ? prev.members.filter((m) => !e.members.includes(m)) : [];
    const inputs = this.#inputs.get(q) ?? [];
    this.#inputs.delete(q);
    const round: DecidedRound = {
      epoch: e.epoch,
      round: q,
      time: this.time(q),
      joined,
      left,
      inputs: e.members.map((player, i) => ({ player, input: inputs[i] ?? null })),
      seed: new Uint8Array(32),
    };
    this.state = applyRound(this.def as unknown as RoomDefinition<CellState, unknown>, this.state, round).state;
    if (boundary) this.world.epoch(this, e, joined, left);
    this.world.applied(this, q, this.time(q) + e.k * e.roundMs + this.spread(e));
    const t = this.state.transition;
    if (t !== null && q === t.at - 1 && !this.#ended) {
      this.stop();
      this.world.ended(this);
    }
  }

  #spreadOf(members: readonly PeerId[]): number {
    let max = 0;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) max = Math.max(max, this.world.latency(members[i]!, members[j]!));
    }
    return max;
  }
}
