/**
 * Drives one cell room by hand: decided rounds built from each member's messages, applied to a
 * replica. For unit tests of the room's rules, and the world simulation's group model (one
 * replica per group stands for every member's identical copy).
 */
import type { DecidedRound } from '../../neo/replicated-state';
import { SendQueue } from '../../room/queue';
import { RoomReplica } from '../../room/replica';
import type { RoomDefinition } from '../../room/types';
import type { PeerId } from '../../transport/transport';
import type { CellMessages } from '../cell-room';
import type { CellState } from '../cell-state';

/** One member's messages of a round: `[type, payload]` pairs. */
export type CellInput = readonly (readonly [keyof CellMessages & string, unknown])[];

/** Encodes one member's messages as the room's input bytes (null for none). */
export function encodeCellInput(def: RoomDefinition<CellState, CellMessages>, msgs: CellInput): Uint8Array | null {
  if (msgs.length === 0) return null;
  const q = new SendQueue(def as unknown as RoomDefinition<object, unknown>);
  for (const [type, payload] of msgs) q.push(type, payload);
  return q.take()?.input ?? null;
}

/** A cell room replica plus the round bookkeeping a test needs. */
export class CellDriver {
  readonly replica: RoomReplica<CellState, CellMessages>;
  round: number;
  epoch = 0;
  members: PeerId[];
  readonly roundMs: number;
  readonly t0: number;

  constructor(
    readonly def: RoomDefinition<CellState, CellMessages>,
    members: readonly PeerId[],
    o: { firstRound?: number; roundMs?: number; t0?: number } = {},
  ) {
    this.round = (o.firstRound ?? 0) - 1;
    this.roundMs = o.roundMs ?? 50;
    this.t0 = o.t0 ?? 1_000_000;
    this.members = [...members].sort();
    this.replica = new RoomReplica(def, { self: this.members[0] ?? 'nobody', startRound: this.round + 1 });
  }

  get state(): CellState {
    return this.replica.state as CellState;
  }

  /** Time of a round. */
  time(round: number): number {
    return this.t0 + round * this.roundMs;
  }

  /** Applies the next round with `inputs` by member; `joined`/`left` change the member list first. */
  step(
    inputs: Readonly<Record<PeerId, CellInput>> = {},
    change: { joined?: readonly PeerId[]; left?: readonly PeerId[] } = {},
  ): CellState {
    this.round++;
    const joined = [...(change.joined ?? [])].sort();
    const left = [...(change.left ?? [])].sort();
    if (joined.length > 0 || left.length > 0) {
      this.epoch++;
      this.members = [...this.members.filter((m) => !left.includes(m)), ...joined].sort();
    }
    const decided: DecidedRound = {
      epoch: this.epoch,
      round: this.round,
      time: this.time(this.round),
      joined,
      left,
      inputs: this.members.map((player) => ({ player, input: encodeCellInput(this.def, inputs[player] ?? []) })),
      seed: new Uint8Array(32).fill(this.round & 0xff),
    };
    this.replica.apply(decided);
    return this.state;
  }

  /** Applies `n` empty rounds. */
  idle(n: number): CellState {
    for (let i = 0; i < n; i++) this.step();
    return this.state;
  }
}
