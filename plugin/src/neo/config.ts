import { err, ok, type Result } from '../util/result';
import { NEO_MAX_INPUT_BYTES } from '../wire/messages/neo-common';
import { NeoConfigError } from './errors';

/**
 * Tuning of a NEO group. The fields marked "protocol" change decisions and must be identical at
 * every member of a group (the room hands the same values to everyone); the others are local.
 */
export interface NeoConfig {
  /** Protocol. Smallest message deadline k, in rounds (2 lets a lost commitment be rescued by the next round's echo). */
  readonly minK: number;
  /** Protocol. Largest k the adaptation picks. */
  readonly maxK: number;
  /** Protocol. Shortest round length the adaptation picks, ms. */
  readonly minRoundMs: number;
  /** Protocol. Longest round length the adaptation picks, ms. */
  readonly maxRoundMs: number;
  /** Protocol. Rounds after the deadline (r + 2k) a member keeps fetching missing messages before it decides without them. */
  readonly giveUpRounds: number;
  /** Protocol. A member whose commitment was not accepted for this many rounds in a row is removed at the next epoch. */
  readonly timeoutRounds: number;
  /** Protocol. Every this many rounds members report delays and the group re-derives R and k (0: never adapt). */
  readonly adaptEveryRounds: number;
  /** Protocol. After this many rounds in a row with fewer than a majority of commitments accepted, k doubles. */
  readonly starvedRounds: number;
  /** Protocol. Added to the measured 95th-percentile delay before choosing k, ms. */
  readonly delayMarginMs: number;
  /**
   * Protocol. The deadline in rounds the adaptation aims for: R = ceil(D / targetK) within
   * [minRoundMs, maxRoundMs], then k = ceil(D / R). A shorter R lowers latency (inputs wait R/2
   * for the next round, and kR tracks D more closely) and costs proportionally more messages:
   * `minRoundMs` is the bandwidth cap. 0: R stays as it is and only k adapts.
   */
  readonly targetK: number;
  /** Protocol. Groups up to this size repeat their previous votes in every message (a lost vote matters there). */
  readonly echoVotesMaxMembers: number;
  /** Protocol. Largest input a member may commit to, bytes. */
  readonly maxInputBytes: number;
  /**
   * Local. `'lazy'`: trust the authenticated link for direct messages and verify signatures only
   * where they are evidence (forwards, proofs) or audited; `'all'`: verify every message before
   * use (for links that are not authenticated).
   */
  readonly verify: 'lazy' | 'all';
  /** Local. Share of directly received messages whose signature is verified anyway (lazy mode). */
  readonly auditRate: number;
  /** Local. Members asked for each missing message. */
  readonly fetchFanout: number;
  /** Local. Round messages further ahead of our clock than this are dropped, rounds. */
  readonly maxFutureRounds: number;
  /** Local. How long a joining peer waits for a welcome before asking the next member, ms. */
  readonly joinTimeoutMs: number;
  /** Local. Arrival delays kept for the delay report. */
  readonly delaySamples: number;
}

/** Defaults: 20 rounds per second, k adapts between 2 and 8. */
export const DEFAULT_NEO_CONFIG: NeoConfig = Object.freeze({
  minK: 2,
  maxK: 8,
  minRoundMs: 20,
  maxRoundMs: 200,
  giveUpRounds: 4,
  timeoutRounds: 60,
  adaptEveryRounds: 50,
  starvedRounds: 20,
  delayMarginMs: 10,
  targetK: 2,
  echoVotesMaxMembers: 8,
  maxInputBytes: 512,
  verify: 'lazy',
  auditRate: 1 / 64,
  fetchFanout: 2,
  maxFutureRounds: 64,
  joinTimeoutMs: 3000,
  delaySamples: 400,
});

type Check = (v: unknown) => string | undefined;

const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max
      ? undefined
      : `expected an integer in [${min}, ${max}], got ${String(v)}`;

const real =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
      ? undefined
      : `expected a number in [${min}, ${max}], got ${String(v)}`;

const CHECKS: { readonly [K in keyof NeoConfig]: Check } = {
  minK: int(1, 64),
  maxK: int(1, 255),
  minRoundMs: int(1, 60_000),
  maxRoundMs: int(1, 60_000),
  giveUpRounds: int(1, 1000),
  timeoutRounds: int(2, 1_000_000),
  adaptEveryRounds: int(0, 1_000_000),
  starvedRounds: int(1, 1_000_000),
  delayMarginMs: real(0, 60_000),
  targetK: int(0, 255),
  echoVotesMaxMembers: int(0, 255),
  maxInputBytes: int(0, NEO_MAX_INPUT_BYTES),
  verify: (v) => (v === 'lazy' || v === 'all' ? undefined : `expected 'lazy' or 'all', got ${String(v)}`),
  auditRate: real(0, 1),
  fetchFanout: int(1, 16),
  maxFutureRounds: int(1, 10_000),
  joinTimeoutMs: int(1, 3_600_000),
  delaySamples: int(1, 100_000),
};

/** Merges `overrides` over the defaults and checks every field; the error names the first bad option. */
export function resolveConfig(overrides: Partial<NeoConfig> = {}): Result<NeoConfig, NeoConfigError> {
  const merged = { ...DEFAULT_NEO_CONFIG, ...overrides };
  for (const key of Object.keys(merged) as (keyof NeoConfig)[]) {
    const check = CHECKS[key];
    if (check === undefined) return err(new NeoConfigError(`config.${key}`, 'unknown option'));
    const problem = check(merged[key]);
    if (problem !== undefined) return err(new NeoConfigError(`config.${key}`, problem));
  }
  if (merged.maxK < merged.minK) return err(new NeoConfigError('config.maxK', `must be >= minK (${merged.minK})`));
  if (merged.maxRoundMs < merged.minRoundMs) {
    return err(new NeoConfigError('config.maxRoundMs', `must be >= minRoundMs (${merged.minRoundMs})`));
  }
  return ok(Object.freeze(merged));
}

/** Epoch boundaries fall on multiples of this many rounds. */
export const EPOCH_GRID = 16;

/**
 * The first round of an epoch change decided in round `q`: at least `3k + giveUpRounds + 4`
 * rounds later (the old epoch stops committing k rounds before the boundary, and every member
 * must have decided the change, deadline 2k plus the give-up window, before that gap begins),
 * rounded up to a multiple of {@link EPOCH_GRID}, so members whose provisional decisions put the
 * triggering operation a round or two apart still switch at the same round.
 */
export function changeRound(config: NeoConfig, k: number, q: number): number {
  const earliest = q + 3 * k + config.giveUpRounds + 4;
  return Math.ceil(earliest / EPOCH_GRID) * EPOCH_GRID;
}

/** Rounds a member retains (messages, decisions, state history) behind its newest applied round. */
export function retainWindow(config: NeoConfig, k: number): number {
  return 6 * k + 2 * config.giveUpRounds + 16;
}
