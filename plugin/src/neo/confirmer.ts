import type { PeerId } from '../transport/transport';
import { bytesEqual } from '../util/bytes';
import { REPORT_BYTES, tallyReports } from './confirm';
import type { Core } from './core';
import { startRepair } from './repair';
import { majority } from './schedule';

/** Records one member's state-hash report for round `h` and re-checks `h`. */
export function recordReport(core: Core, h: number, reporter: PeerId, report: Uint8Array, n: number): void {
  if (h <= core.lastConfirmed && !core.reports.has(h)) return;
  let r = core.reports.get(h);
  if (r === undefined) {
    r = { n, byMember: new Map() };
    core.reports.set(h, r);
  }
  r.byMember.set(reporter, report);
  checkRound(core, h);
}

/**
 * Compares our state after round `h` with the reports: a strict majority on our hash confirms
 * every round up to `h`; a strict majority on another hash starts a repair.
 */
export function checkRound(core: Core, h: number): void {
  const r = core.reports.get(h);
  const mine = core.history.get(h);
  if (r === undefined || mine === undefined || core.stopped || h <= core.lastConfirmed) return;
  if (r.byMember.size < majority(r.n)) return;
  const own = mine.hash.subarray(0, REPORT_BYTES);
  // Every member counts the same reports, ours included as we *sent* it (not our current hash,
  // which a repair or a late re-decision may have changed): so no two members can see two
  // different majorities for one round.
  const tally = tallyReports(r.byMember.values(), r.n);
  if (tally.majority === undefined) return;
  if (bytesEqual(tally.majority, own)) {
    if (h > core.lastConfirmed) {
      core.counters.confirmed += h - core.lastConfirmed;
      core.lastConfirmed = h;
      core.events.emit('confirmed', h);
    }
    return;
  }
  const supporters: PeerId[] = [];
  for (const [id, rep] of r.byMember) if (id !== core.self && bytesEqual(rep, tally.majority)) supporters.push(id);
  startRepair(core, h, tally.majority, supporters);
}

/** Re-checks every round with reports (after a repair changed our hashes). */
export function recheckAll(core: Core): void {
  for (const h of [...core.reports.keys()].sort((a, b) => a - b)) checkRound(core, h);
}
