import type { Ed25519 } from '../crypto';
import type { Result } from '../util/result';

/** A registered player as the authority knows it. */
export interface AccountInfo {
  readonly id: string;
  readonly name: string;
  readonly sign: Uint8Array;
  readonly box: Uint8Array;
  readonly createdAt: number;
}

/** What a proof verifier may consult. */
export interface ProofContext {
  readonly gameId: string;
  readonly authorityPublicKey: Uint8Array;
  readonly ed: Ed25519;
  /** The authority's clock (unix ms). */
  readonly now: number;
  /** A registered player's keys and name (to check the cheater's own signatures). */
  account(playerId: string): AccountInfo | undefined;
}

/** A verifier's judgement: the cheater and why, or the reason the bytes are not a proof. */
export type ProofVerdict = Result<{ readonly playerId: string; readonly reason: string }, string>;

/**
 * Judges the bytes of one kind of cheat proof (formats are defined by the modules that produce
 * them, e.g. NEO equivocation). Must not throw for hostile input; a throw counts as "not a proof".
 */
export type ProofVerifier = (proof: Uint8Array, context: ProofContext) => ProofVerdict | Promise<ProofVerdict>;
