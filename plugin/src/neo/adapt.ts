import type { PeerId } from '../transport/transport';
import type { NeoConfig } from './config';
import { type Epoch, majority } from './schedule';

// How the group re-derives R and k from the members' delay reports (`plugin/spec/neo.md`,
// "Adaptation"); pure, so every member computes the same from the same decided rounds.

/**
 * Whether decided round `q` re-derives R and k from the delay reports: the last round of every
 * `adaptEveryRounds` on the absolute round grid (not counted from the epoch's start, so epoch
 * changes for joins and leaves do not keep postponing it). Members report in the middle.
 */
export function isTimingCheck(config: NeoConfig, q: number): boolean {
  return config.adaptEveryRounds > 0 && (q + 1) % config.adaptEveryRounds === 0;
}

/** Whether our message of round `r` carries a delay report (half way between two checks). */
export function isDelayReportRound(config: NeoConfig, r: number): boolean {
  const every = config.adaptEveryRounds;
  return every > 0 && r % every === Math.floor(every / 2);
}

/** Picks R and k from the members' delay reports (pure); undefined without a majority of reports. */
export function adaptTiming(
  e: Epoch,
  delays: ReadonlyMap<PeerId, number>,
  config: NeoConfig,
): { roundMs: number; k: number } | undefined {
  const reports = e.members.map((m) => delays.get(m)).filter((d): d is number => d !== undefined);
  const need = majority(e.members.length);
  if (reports.length < need) return undefined;
  reports.sort((a, b) => a - b);
  // The need-th fastest receiver's 95th percentile: a message reaches a majority in time that often.
  const target = reports[need - 1]! + config.delayMarginMs;
  if (config.targetK > 0) return adaptRoundAndK(e, target, config);
  let roundMs = e.roundMs;
  let k = Math.ceil(target / roundMs);
  if (k > config.maxK) {
    roundMs = Math.min(config.maxRoundMs, Math.max(config.minRoundMs, Math.ceil(target / config.maxK)));
    k = Math.ceil(target / roundMs);
  }
  k = Math.min(config.maxK, Math.max(config.minK, k));
  // Shrink only when clearly below the current deadline, so k does not flap on the boundary.
  if (roundMs === e.roundMs && k < e.k && target > (e.k - 1) * roundMs - roundMs / 2) k = e.k;
  return { roundMs, k };
}

/**
 * R and k for deadline target `d` (ms): R = ceil(d / targetK) within its bounds, k = ceil(d / R)
 * within its bounds, plus one round in groups of at most `echoVotesMaxMembers`: there a single
 * lost commitment can sink an input, and the next round's message (its `prev` digest) rescues it
 * only if it arrives before the votes, R + d after the round's start. The current timing is
 * kept while it still meets the deadline and costs little more: its R/2 + kR (an input's wait
 * for its round plus the deadline) at most 10% (5 ms at least) above the new one's, so the timing
 * does not flap between neighbouring values (every change is an epoch change, with a gap of k
 * rounds that commit nothing).
 */
function adaptRoundAndK(e: Epoch, d: number, config: NeoConfig): { roundMs: number; k: number } {
  const rescue = e.members.length <= config.echoVotesMaxMembers ? 1 : 0;
  const roundMs = Math.min(config.maxRoundMs, Math.max(config.minRoundMs, Math.ceil(d / config.targetK)));
  const k = Math.min(config.maxK, Math.max(config.minK, Math.ceil(d / roundMs) + rescue));
  const cost = (r: number, kk: number): number => r / 2 + kk * r;
  const best = cost(roundMs, k);
  const keep =
    (e.k - rescue) * e.roundMs >= d &&
    e.roundMs >= config.minRoundMs &&
    e.roundMs <= config.maxRoundMs &&
    cost(e.roundMs, e.k) <= best + Math.max(5, best / 10);
  return keep ? { roundMs: e.roundMs, k: e.k } : { roundMs, k };
}
