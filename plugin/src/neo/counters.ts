/** Why a received NEO message was dropped. Each reason has its own counter. */
export const NeoDrop = {
  /** The group tag is not ours (another group, or garbage). */
  WrongGroup: 'wrong-group',
  /** Valid wire format, but inconsistent with the round schedule (field present that must not be, wrong vote count...). */
  Malformed: 'malformed',
  /** The sender (or the forwarding peer) is not a member of the round's epoch. */
  NonMember: 'non-member',
  /** The round lies in no epoch we know (too far ahead, or before the group started). */
  WrongEpoch: 'wrong-epoch',
  /** The round is too far from ours to be meant for now. */
  WrongRound: 'wrong-round',
  /** Everything the message could inform is already decided and pruned. */
  Late: 'late',
  /** The same signed message again (a replay or a duplicate forward). */
  Replay: 'replay',
  /** The signature does not verify: a forgery, or a member signing garbage. */
  BadSignature: 'bad-signature',
  /** The sender is banned or ignored locally. */
  Banned: 'banned',
  /** A second, different message from the same sender for the same round (kept as proof, not used). */
  Equivocation: 'equivocation',
  /** A request (fetch, sync, join) we refuse: rate limit, unknown peer, not a member. */
  Refused: 'refused',
} as const;
/** One of {@link NeoDrop}'s values. */
export type NeoDrop = (typeof NeoDrop)[keyof typeof NeoDrop];

/** Every drop reason, for counters and exhaustive tests. */
export const NEO_DROPS: readonly NeoDrop[] = Object.freeze(Object.values(NeoDrop));

/** Counters of one NEO group member since it started. */
export interface NeoCounters {
  /** Round messages we sent (one per round, not per recipient). */
  roundsSent: number;
  /** Round messages accepted into the round table. */
  received: number;
  /** Accepted messages that came forwarded (fetched) rather than from their sender. */
  forwarded: number;
  /** Signatures verified (forwarded, strict senders, audits, proofs). */
  verified: number;
  /** Audited signatures that failed: the sender signs garbage (reported as `suspect`). */
  auditFailures: number;
  /**
   * Inputs readable before their round was applied (a held commitment opened by the member's
   * key): `revealed` events, one per (round, member), our own included.
   */
  revealed: number;
  /** Rounds decided (provisionally). */
  decided: number;
  /** Rounds decided early (certain before the deadline). */
  decidedEarly: number;
  /** Rounds decided after giving up on missing messages. */
  givenUp: number;
  /** Rounds applied to the state. */
  applied: number;
  /** Rounds confirmed by a majority of state hashes. */
  confirmed: number;
  /** Repairs (rewind + majority decisions) and snapshot resyncs. */
  resyncs: number;
  /** Snapshots asked because we fell too far behind to fetch what our next round needs. */
  catchUps: number;
  /** Fetch requests sent / message forwards sent. */
  fetchesSent: number;
  forwardsSent: number;
  /** Proofs found. */
  proofs: number;
  /** Contradictions found locally that the authority's proof rule does not accept (not reported). */
  proofsUnfounded: number;
  /** Inputs too large, dropped. */
  inputsDropped: number;
  /** Dropped messages by reason. */
  readonly dropped: Record<NeoDrop, number>;
}

/** Fresh zeroed counters. */
export function newCounters(): NeoCounters {
  const dropped = {} as Record<NeoDrop, number>;
  for (const d of NEO_DROPS) dropped[d] = 0;
  return {
    roundsSent: 0,
    received: 0,
    forwarded: 0,
    verified: 0,
    auditFailures: 0,
    revealed: 0,
    decided: 0,
    decidedEarly: 0,
    givenUp: 0,
    applied: 0,
    confirmed: 0,
    resyncs: 0,
    catchUps: 0,
    fetchesSent: 0,
    forwardsSent: 0,
    proofs: 0,
    proofsUnfounded: 0,
    inputsDropped: 0,
    dropped,
  };
}
