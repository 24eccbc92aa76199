import type { Patch } from 'immer';
import type { PeerId } from '../transport/transport';
import type { WireLimits } from '../wire/limits';
import type { RoomDropCode, RoomError } from './errors';
import type { DroppedMessage } from './reducer';
import type { StateView } from './types';

/** Options of one room instance. */
export interface RoomReplicaOptions {
  /** The local player's id: only used to notice lost local input, never shown to reducers. */
  readonly self: PeerId;
  /** The first round this room applies; the initial state counts as "after round `startRound - 1`". Default 0. */
  readonly startRound?: number;
  /** Initial rewind window (NEO sets it with `retainRounds`). Default 8. */
  readonly retainRounds?: number;
  /** Decoder limits for `restore()`, over `DEFAULT_SNAPSHOT_LIMITS`. */
  readonly snapshotLimits?: Partial<WireLimits>;
}

/** What a replica tells its observers after each applied round, restore, or repair. */
export interface RoomUpdate<S> {
  readonly round: number;
  /** The state observers saw before this update. */
  readonly previous: StateView<S>;
  readonly state: StateView<S>;
  /** Immer patches from `previous` to `state`; one root `replace` when {@link reset}. */
  readonly patches: readonly Patch[];
  readonly joined: readonly PeerId[];
  readonly left: readonly PeerId[];
  /** Deterministic errors of the round (identical at every peer). */
  readonly errors: readonly RoomError[];
  /** True after `restore` or `rewind`: the change is not the round's own patches but a wholesale replacement. */
  readonly reset: boolean;
}

/** Hooks for whoever watches a replica (the room handle, the plugin's stats). */
export interface ReplicaObserver<S> {
  update?(update: RoomUpdate<S>): void;
  /** Errors that only concern this peer: `input-lost`, `queue-full`. */
  localError?(error: RoomError): void;
  /** A peer's message dropped before any handler saw it. */
  drop?(drop: DroppedMessage): void;
  /** The speculative view changed (an input revealed or taken, a round applied); read it when needed. */
  speculative?(): void;
}

/** Counts since the replica was created. Everything but `inputsLost`, `resent` and `queueFull` is identical at every peer. */
export interface RoomCounters {
  rounds: number;
  /** Messages whose handler ran and whose changes were kept. */
  applied: number;
  handlerErrors: number;
  invalidState: number;
  readonly dropped: Record<RoomDropCode, number>;
  inputsLost: number;
  /** Messages sent again because the round that carried them did not accept this peer's input. */
  resent: number;
  queueFull: number;
}
