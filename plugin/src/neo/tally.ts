import type { MemberDecision } from './decide';

/**
 * Votes on one round, counted as they arrive: per member, how many voters voted each digest.
 * Deciding then costs O(members) instead of O(members^2) per arriving message.
 */
export class RoundTally {
  readonly voters: number;
  /** Voters whose votes are counted (1) or still missing (0). */
  readonly seen: Uint8Array;
  readonly counts: Map<number, number>[];
  unknown: number;
  /** The tick round at which we saw a majority of members past this round's give-up round. */
  progressSince: number | undefined;
  /** Per member, its decision once certain (certain decisions never change as evidence grows). */
  readonly settled: (MemberDecision | undefined)[];

  constructor(voters: number) {
    this.voters = voters;
    this.seen = new Uint8Array(voters);
    this.counts = Array.from({ length: voters }, () => new Map<number, number>());
    this.unknown = voters;
    this.settled = new Array<MemberDecision | undefined>(voters);
  }

  /** Counts voter `v`'s votes (null: a message that votes for no one); a voter counts once. */
  add(v: number, votes: Uint8Array | null): void {
    if (v >= this.voters || this.seen[v] === 1) return;
    this.seen[v] = 1;
    this.unknown--;
    if (votes === null) return;
    for (let j = 0; j < this.voters; j++) {
      const d = votes[j] ?? 0;
      if (d === 0) continue;
      const m = this.counts[j]!;
      m.set(d, (m.get(d) ?? 0) + 1);
    }
  }
}
