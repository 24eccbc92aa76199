import { isDelayReportRound } from './adapt';
import { retainWindow } from './config';
import type { Core } from './core';
import { tryDecide } from './decider';
import { openNeeds } from './evidence';
import { fetchMissing } from './fetch';
import { snapshotTick } from './join';
import { catchUpTick, repairTick } from './repair';
import { commitsIn, epochOf, majority } from './schedule';

/** The 95th percentile of some delays, ms (undefined with fewer than 5). */
export function p95(delays: readonly number[]): number | undefined {
  if (delays.length < 5) return undefined;
  const sorted = [...delays].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

/**
 * Our links, from the arrival delays per sender: `typical` is the median of the senders' 95th
 * percentiles (how slow our own link is), `majority` the delay within which 95% of the messages
 * of enough senders arrive to make a strict majority with the sender. Links are symmetric, so the
 * latter estimates how long our own messages take to reach a majority; one member on a very slow
 * link moves neither.
 */
export function linkDelays(core: Core, n: number): { typical: number; majority: number } | undefined {
  const perSender: number[] = [];
  for (const [sender, samples] of core.delays) {
    const v = p95(samples);
    if (v === undefined) continue;
    perSender.push(v);
    core.linkP95.set(sender, v);
  }
  if (perSender.length < Math.max(1, majority(n) - 1)) return undefined;
  perSender.sort((a, b) => a - b);
  return {
    typical: perSender[Math.floor((perSender.length - 1) / 2)]!,
    majority: perSender[Math.max(0, majority(n) - 2)]!,
  };
}

/**
 * Per-tick housekeeping at the start of round `r`: settles rounds past their deadline (fetching
 * what is missing, giving up after the give-up window), drives repairs and snapshot requests,
 * queues the periodic delay report, and forgets what no one can need any more.
 */
export function maintain(core: Core, r: number): void {
  const schedule = core.schedule;
  const first = core.nextApply ?? schedule[0]?.firstRound ?? r;
  const low = Math.min(first, core.lastConfirmed + 1);
  for (let q = low; q < r; q++) {
    const done = core.decisions.get(q);
    if (done !== undefined) {
      // Keep asking for what a given-up round missed, every other round, until it is confirmed.
      const e = epochOf(schedule, q);
      if (done.givenUp && !done.repaired && q > core.lastConfirmed && e !== undefined && (r - q) % 2 === 0) {
        const needs = tryDecide(core, q, true) ?? openNeeds(core, e, q);
        if (needs !== undefined) fetchMissing(core, e, q, needs);
      }
      continue;
    }
    const e = epochOf(schedule, q);
    if (e === undefined) continue;
    if (!commitsIn(schedule, q)) {
      tryDecide(core, q);
      continue;
    }
    if (r < q + 2 * e.k) break;
    const needs = tryDecide(core, q, true);
    if (needs !== undefined) fetchMissing(core, e, q, needs);
  }
  repairTick(core);
  catchUpTick(core);
  snapshotTick(core);
  const e = epochOf(schedule, r);
  if (e === undefined) return;
  const report = isDelayReportRound(core.config, r);
  // Sorting every sender's delays is not free: refreshed every 8 rounds, and for each report.
  if (r % 8 === 0 || report) {
    const links = linkDelays(core, e.members.length);
    core.delayP95 = links?.typical ?? 0;
    if (report && links !== undefined) core.pendingOps.push(['d', Math.min(0xffff, Math.round(links.majority))]);
  }
  prune(core, r, e.k);
}

function prune(core: Core, r: number, k: number): void {
  const window = retainWindow(core.config, k);
  const applied = (core.nextApply ?? r) - 1;
  const floor = Math.max(r - window, Math.min(applied, core.lastConfirmed) - 2 * k - 4);
  core.table.pruneBelow(floor);
  for (const q of core.decisions.keys()) if (q < floor) core.decisions.delete(q);
  for (const q of core.tallies.keys()) if (q < floor) core.tallies.delete(q);
  for (const q of core.shown.keys()) if (q < applied + 1) core.shown.delete(q);
  // Keep the state of the last confirmed round: repairs rewind to it.
  const keepHistory = Math.max(r - window, Math.min(core.lastConfirmed, applied));
  for (const q of core.history.keys()) if (q < keepHistory) core.history.delete(q);
  for (const q of core.reports.keys()) if (q <= core.lastConfirmed - 1 || q < r - window) core.reports.delete(q);
  for (const q of core.own.keys()) if (q < r - k - 3) core.own.delete(q);
  for (const q of core.myVotes.keys()) if (q < r - k - 3) core.myVotes.delete(q);
  for (const [key, at] of core.fetched) if (at < r - 1) core.fetched.delete(key);
}
