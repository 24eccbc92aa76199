import type { PeerId } from '../transport/transport';
import type { Result } from '../util/result';

/**
 * The seam between the NEO round protocol (which orders inputs) and the room (which turns
 * ordered inputs into game state). NEO drives; the room is a deterministic state machine that
 * every member runs identically. Nothing in here knows about networks or signatures.
 */

/** One member's decided input for a round: its bytes, or `null` for "none" (missed, late, or not opened). */
export interface DecidedInput {
  readonly player: PeerId;
  readonly input: Uint8Array | null;
}

/** A decided round, identical at every honest member. */
export interface DecidedRound {
  /** Epoch the round belongs to. */
  readonly epoch: number;
  /** Round number; increases by one per round and never restarts across epochs. */
  readonly round: number;
  /** Start of the round on the synchronised clock (T0 + round * R), ms: the room's notion of "now". */
  readonly time: number;
  /** Members that joined, effective at this round, applied (sorted) before the inputs. */
  readonly joined: readonly PeerId[];
  /** Members that left or timed out, effective at this round, applied (sorted) before the inputs. */
  readonly left: readonly PeerId[];
  /** Every member's input in member order (ids sorted ascending). */
  readonly inputs: readonly DecidedInput[];
  /**
   * 32 bytes of per-round randomness: a hash over the round's revealed keys, so no member can know
   * or steer it before its own input is committed.
   */
  readonly seed: Uint8Array;
  /**
   * True when the decision can no longer change (it was certain, not made by giving up on
   * missing messages): a room may act on what the round did not accept, e.g. send it again.
   */
  readonly final?: boolean;
}

/** A failure to restore a snapshot. */
export interface RestoreError {
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * What NEO needs from the state it replicates. Implemented by rooms; a test double can be a
 * tiny reducer. `apply` must be deterministic: the same sequence of rounds from the same
 * snapshot yields the same hashes on every platform.
 */
export interface ReplicatedState {
  /**
   * The local player's input for `round`, taken once when the round's message is sent (the
   * room drains its queued `send()` calls here). `null` when there is nothing to say.
   */
  takeInput(round: number): Uint8Array | null;
  /** Applies a decided round; returns the 32-byte hash of the state afterwards. */
  apply(round: DecidedRound): Uint8Array;
  /** Hash of the current state (the same value `apply` last returned, or of the initial state). */
  stateHash(): Uint8Array;
  /** Canonical bytes of the whole state, for a joining or resynchronising member. */
  snapshot(): Uint8Array;
  /** Replaces the state with a snapshot taken after `round`; returns its hash. */
  restore(snapshot: Uint8Array, round: number): Result<Uint8Array, RestoreError>;
  /**
   * Puts the state back to what it was right after `round` was applied, if that round is still
   * within the retained window (see `retainRounds`); returns false when it is not. NEO uses it to
   * repair a round it decided differently from the majority: rewind, apply the majority's
   * decision, re-apply the later rounds. Immutable (immer) states make this a pointer swap.
   */
  rewind(round: number): boolean;
  /** How many past rounds `rewind` can reach; NEO sets it from k. */
  retainRounds(count: number): void;
}
