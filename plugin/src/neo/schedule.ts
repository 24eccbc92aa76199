import type { PeerId } from '../transport/transport';

/** One epoch: members and timing, identical at every member. */
export interface Epoch {
  readonly epoch: number;
  /** Its first round; it lasts until the next epoch's first round. */
  readonly firstRound: number;
  /** Start of `firstRound` on the synchronised clock, ms. */
  readonly t0: number;
  /** Round length R, ms. */
  readonly roundMs: number;
  /** Message deadline k, rounds: a round's votes and keys ride in the messages of round + k. */
  readonly k: number;
  /** Member ids, sorted ascending (a member's index is its position). */
  readonly members: readonly PeerId[];
}

/** Epochs in ascending order; the last one may lie in the future (a scheduled change). */
export type Schedule = readonly Epoch[];

/** The epoch that round `round` belongs to, or undefined before the first one. */
export function epochOf(schedule: Schedule, round: number): Epoch | undefined {
  for (let i = schedule.length - 1; i >= 0; i--) {
    const e = schedule[i]!;
    if (round >= e.firstRound) return e;
  }
  return undefined;
}

/** The epoch after `e` in `schedule`, if one is scheduled. */
export function nextEpoch(schedule: Schedule, e: Epoch): Epoch | undefined {
  const i = schedule.indexOf(e);
  return i >= 0 ? schedule[i + 1] : undefined;
}

/** Start time of `round` on the synchronised clock (rounds before the first epoch extrapolate it). */
export function roundStart(schedule: Schedule, round: number): number {
  const e = epochOf(schedule, round) ?? schedule[0]!;
  return e.t0 + (round - e.firstRound) * e.roundMs;
}

/** The round in progress at `time` (the last one whose start is <= time). */
export function roundAt(schedule: Schedule, time: number): number {
  for (let i = schedule.length - 1; i >= 0; i--) {
    const e = schedule[i]!;
    if (time >= e.t0 || i === 0) return e.firstRound + Math.floor((time - e.t0) / e.roundMs);
  }
  return 0;
}

/**
 * Whether members commit inputs in `round`. The last k rounds before a scheduled epoch change do
 * not: every round of an epoch is then settled by messages of that same epoch.
 */
export function commitsIn(schedule: Schedule, round: number): boolean {
  const e = epochOf(schedule, round);
  if (e === undefined) return false;
  const next = nextEpoch(schedule, e);
  return next === undefined || round < next.firstRound - e.k;
}

/** The round whose key and votes ride in messages of `round` (round - k, same epoch), if any. */
export function revealRoundOf(schedule: Schedule, round: number): number | undefined {
  const e = epochOf(schedule, round);
  if (e === undefined) return undefined;
  const q = round - e.k;
  return q >= e.firstRound ? q : undefined;
}

/** Rounds between a round and the messages that report the state hash after it. */
export function reportLag(e: Epoch): number {
  // The deadline (2k) plus two rounds: most members have decided and applied the round by then.
  return 2 * e.k + 2;
}

/**
 * State hashes are reported for every this many rounds only (a protocol constant): confirming
 * round h confirms every round before it, so sparse reports cost a few rounds of confirmation
 * delay and save three quarters of the report bytes.
 */
export const REPORT_EVERY = 4;

/**
 * The round whose state hash messages of `round` report: `round - reportLag`, when that is a
 * multiple of {@link REPORT_EVERY} and the group had started by then; else undefined.
 */
export function reportRoundOf(schedule: Schedule, round: number): number | undefined {
  const e = epochOf(schedule, round);
  const first = schedule[0];
  if (e === undefined || first === undefined) return undefined;
  const h = round - reportLag(e);
  return h >= first.firstRound && h % REPORT_EVERY === 0 ? h : undefined;
}

/** Whether `id` is a member in `round`'s epoch, and its index there. */
export function memberIndex(e: Epoch, id: PeerId): number {
  return e.members.indexOf(id);
}

/** Strict majority of `n` voters. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The round congruent to `low16` modulo 2^16 that lies nearest to `near`. */
export function unwrapRound(low16: number, near: number): number {
  const base = near - (near & 0xffff);
  let best = base + low16;
  for (const c of [best - 0x10000, best + 0x10000]) if (Math.abs(c - near) < Math.abs(best - near)) best = c;
  return best;
}
