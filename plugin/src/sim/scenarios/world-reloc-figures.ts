/** The world simulation's figures on relocations still pending when the sizes are taken. */
import { parentOf } from '../../groups/geometry';
import type { World } from './world-sim';

/**
 * Pending relocations by what they wait for: `own cell` (another group held our cell), or, into
 * the parent (a merge), whether the parent's record in the DHT is a live group's leaf (the walk
 * finds it next try), an inner record (the re-rooted group's leaf record is not in yet), or none;
 * and whether the coordinator the latest report named still has a live group; `oldestSeconds`:
 * how long the oldest has waited.
 */
export function relocationFigures(w: World): Record<string, number> {
  const out: Record<string, number> = {};
  let oldest = 0;
  for (const g of w.groups.values()) {
    const r = g.state.relocate;
    if (g.ended || r === null) continue;
    let why: string;
    if (r.to === g.cell) why = 'own cell';
    else if (r.to !== parentOf(g.cell)) why = 'other';
    else {
      const rec = w.dir.peek(r.to);
      const parent =
        rec === undefined ? 'no record' : rec.inner ? 'inner record' : w.liveGroup(rec) ? 'live leaf' : 'gone leaf';
      const c = g.state.siblings?.coordinator;
      const coordinator = [...w.groups.values()].some((x) => !x.ended && x.cell === c) ? 'alive' : 'gone';
      why = `parent: ${parent}; coordinator ${coordinator}`;
    }
    out[why] = (out[why] ?? 0) + 1;
    oldest = Math.max(oldest, w.clock.now() - g.time(r.round));
  }
  if (oldest > 0) out.oldestSeconds = Math.round(oldest / 100) / 10;
  return out;
}
