import { bytesEqual } from '../util/bytes';
import type { NeoPlaintext } from '../wire/messages/neo-common';
import { voteDigest } from './commit';
import { majority } from './schedule';

/** A key revealed for a member's commitment, with what it opens. */
export interface Reveal {
  /** The commitment that this secret and plaintext produce. */
  readonly opens: Uint8Array;
  readonly secret: Uint8Array;
  readonly plaintext: NeoPlaintext;
}

/** What one member knows about another member's input for one round. */
export interface MemberEvidence {
  /** Voters in the round's epoch. */
  readonly voters: number;
  /** Votes per digest (1..255) on this member's commitment, from the voters whose message arrived. */
  readonly counts: ReadonlyMap<number, number>;
  /** Voters whose message is still missing. */
  readonly unknown: number;
  /** The commitment held from the member's own signed message for the round, if it arrived. */
  readonly held: Uint8Array | undefined;
  /** Reveals that arrived (the direct one and the echo from the next round). */
  readonly reveals: readonly Reveal[];
  /** Both places a reveal can come from have been seen (no other reveal can still arrive). */
  readonly revealsComplete: boolean;
}

/** Why a member's input is "none". */
export const NoneReason = {
  /** No digest got a strict majority of votes (late, lost, or equivocated commitment). */
  NoMajority: 'no-majority',
  /** The revealed key does not open the commitment the majority voted for. */
  NotOpened: 'not-opened',
  /** No key arrived before giving up. */
  NoReveal: 'no-reveal',
} as const;
/** One of {@link NoneReason}'s values. */
export type NoneReason = (typeof NoneReason)[keyof typeof NoneReason];

/** The decision on one member's input. */
export type MemberDecision =
  | { readonly kind: 'accepted'; readonly digest: number; readonly reveal: Reveal }
  | { readonly kind: 'none'; readonly reason: NoneReason; readonly digest?: number }
  | { readonly kind: 'uncertain'; readonly need: 'votes' | 'reveal'; readonly digest?: number };

/**
 * The decision rule (pure). A member's input counts iff a strict majority of voters voted the
 * same digest d and a revealed key opens a commitment with digest d (the held commitment itself
 * when ours has digest d). It is decided as soon as the outcome cannot change whatever the
 * missing votes say; with `givenUp`, missing votes count as 0 and a missing key as none.
 */
export function decideMember(e: MemberEvidence, givenUp: boolean): MemberDecision {
  const need = majority(e.voters);
  const unknown = e.unknown;
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of e.counts) {
    if (c > bestCount || (c === bestCount && d < best)) {
      best = d;
      bestCount = c;
    }
  }
  if (bestCount >= need) {
    const heldMatches = e.held !== undefined && voteDigest(e.held) === best;
    for (const r of e.reveals) {
      if (voteDigest(r.opens) !== best) continue;
      if (heldMatches && !bytesEqual(e.held!, r.opens)) continue;
      return { kind: 'accepted', digest: best, reveal: r };
    }
    if (givenUp || e.revealsComplete) {
      return { kind: 'none', reason: e.reveals.length > 0 ? NoneReason.NotOpened : NoneReason.NoReveal, digest: best };
    }
    return { kind: 'uncertain', need: 'reveal', digest: best };
  }
  if (bestCount + unknown < need || givenUp) return { kind: 'none', reason: NoneReason.NoMajority };
  return { kind: 'uncertain', need: 'votes' };
}

/**
 * Counts a list of votes (digest, 0 = not received, undefined = unknown) into the form
 * {@link MemberEvidence} takes; for tests and for callers holding raw vote lists.
 */
export function tallyVotes(votes: readonly (number | undefined)[]): {
  voters: number;
  counts: Map<number, number>;
  unknown: number;
} {
  const counts = new Map<number, number>();
  let unknown = 0;
  for (const v of votes) {
    if (v === undefined) unknown++;
    else if (v !== 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { voters: votes.length, counts, unknown };
}

/** Decisions on every member's input for one round; `certain` when none is uncertain. */
export interface RoundDecision {
  readonly certain: boolean;
  readonly members: readonly MemberDecision[];
}

/** Applies {@link decideMember} to every member. */
export function decideRound(evidence: readonly MemberEvidence[], givenUp: boolean): RoundDecision {
  const members = evidence.map((e) => decideMember(e, givenUp));
  return { certain: members.every((m) => m.kind !== 'uncertain'), members };
}
