import type { PeerId } from '../transport/transport';
import type { NeoPlaintext } from '../wire/messages/neo-common';
import type { ScheduledChange } from './control';
import type { NeoDrop } from './counters';
import type { NeoError } from './errors';
import type { ProofKind } from './proofs';
import type { DecidedRound } from './replicated-state';
import type { RevealedInput } from './reveals';
import type { Epoch } from './schedule';

/** A round's decision as this member made it (provisional until confirmed). */
export interface DecisionRecord {
  readonly round: number;
  readonly epoch: number;
  /** Per member of the epoch: whether its commitment was accepted and opened. */
  readonly accepted: readonly boolean[];
  /** Per member: the decided plaintext (null for none). */
  readonly plaintexts: readonly NeoPlaintext[];
  /** The round's randomness: hash over the accepted members' revealed secrets. */
  readonly seed: Uint8Array;
  /** Decided before its deadline (all votes and keys in, or the outcome already certain). */
  readonly early: boolean;
  /** Decided after giving up on missing messages. */
  readonly givenUp: boolean;
  /**
   * The votes of a strict majority of members were in when it was decided. A round decided
   * without them (a partition) does not count toward timeouts or the "starved" rule, so a
   * partition cannot remove members or change the timing by itself.
   */
  readonly quorate: boolean;
  /** Taken from a majority member during a repair. */
  readonly repaired: boolean;
}

/** A cheat proof this member found; submit `bytes` to the authority as `kind`. */
export interface FoundProof {
  readonly kind: ProofKind;
  readonly cheater: PeerId;
  readonly round: number;
  readonly bytes: Uint8Array;
}

/** A resynchronisation: our state disagreed with the majority and was repaired. */
export interface ResyncReport {
  readonly kind: 'repair' | 'snapshot';
  /** The round whose majority state hash we did not have. */
  readonly round: number;
  /** The member we took the majority's rounds (or snapshot) from. */
  readonly from: PeerId;
  /** Rounds replaced (repair) or the snapshot's round. */
  readonly rounds: number;
}

/** Events of a NEO group. Handlers must not throw (a throwing handler is ignored). */
export interface NeoEvents {
  /**
   * A member's input of a round not yet applied became readable: its key opened the commitment
   * of its signed message we hold. Once per (round, member), our own included, before the round
   * is decided here; not authoritative (the decision may reject it). For speculative views.
   */
  revealed: (input: RevealedInput) => void;
  /** A round was decided (provisionally). */
  decided: (record: DecisionRecord) => void;
  /** A decided round was applied to the state; `hash` is the combined state hash after it. */
  applied: (round: DecidedRound, hash: Uint8Array) => void;
  /** Every round up to `round` is confirmed: a strict majority reported our state hash. */
  confirmed: (round: number) => void;
  /** Our state was repaired to the majority's. */
  resync: (report: ResyncReport) => void;
  /** We hold a proof that a member cheated. */
  proof: (proof: FoundProof) => void;
  /** An epoch change was decided (it takes effect at `change.epoch.firstRound`). */
  scheduled: (change: ScheduledChange) => void;
  /** An epoch began (its first round started on our clock). */
  epoch: (epoch: Epoch) => void;
  /** We were removed (left, timed out, banned) and stopped sending. */
  left: (reason: 'left' | 'removed') => void;
  /** A member misbehaves in a way that is not provable (it signs garbage): shown to the app, not acted on. */
  suspect: (member: PeerId, reason: 'bad-signature') => void;
  /** A received message was dropped. */
  dropped: (reason: NeoDrop, from: PeerId) => void;
  /** A local failure (signing, state). */
  error: (error: NeoError) => void;
}
