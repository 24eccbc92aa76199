/** Why an incoming DHT message was dropped (each reason counted; nothing is thrown). */
export const DhtDrop = {
  /** The sender's node id does not start with its authenticated peer id (or is not its key's hash). */
  InconsistentId: 'inconsistent-id',
  /** The sender's link was never authenticated (handshake refused or timed out). */
  Unauthenticated: 'unauthenticated',
  /** Too many messages waiting for the sender's handshake. */
  QueueFull: 'queue-full',
  /** An answer nobody waited for (late, wrong peer, wrong type). */
  UnexpectedAnswer: 'unexpected-answer',
  /** Our answer could not be sent (link closed meanwhile). */
  AnswerNotSent: 'answer-not-sent',
} as const;
/** One of {@link DhtDrop}'s values. */
export type DhtDrop = (typeof DhtDrop)[keyof typeof DhtDrop];

/** Counters of one node. Wire-level drops are in the node's `wireCounters`. */
export interface DhtCounters {
  /** Requests answered, per type. */
  readonly handled: { ping: number; findNode: number; findValue: number; store: number };
  /** Dropped messages per reason. */
  readonly drops: Record<DhtDrop, number>;
  /** Records re-stored to the k closest by maintenance. */
  republished: number;
  /** Buckets refreshed by maintenance. */
  refreshed: number;
  /** Records dropped because they expired or decayed. */
  expired: number;
  /** Stale replicas repaired after reads. */
  repaired: number;
}

export function newCounters(): DhtCounters {
  return {
    handled: { ping: 0, findNode: 0, findValue: 0, store: 0 },
    drops: Object.fromEntries(Object.values(DhtDrop).map((d) => [d, 0])) as Record<DhtDrop, number>,
    republished: 0,
    refreshed: 0,
    expired: 0,
    repaired: 0,
  };
}
