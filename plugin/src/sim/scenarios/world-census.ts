/**
 * The world simulation's census, every second and at the end: group sizes, every entity held
 * exactly once (live in one group, or frozen in transit), and what keeps splits from settling.
 */
import type { PeerId } from '../../transport/transport';
import type { World } from './world-sim';

/** Every second: group sizes, and every entity held exactly once (live in one group or in transit). */
export function sampleWorld(w: World, record: boolean): void {
  const live = new Map<PeerId, number>();
  const transit = new Set<PeerId>();
  const sizes: number[] = [];
  for (const g of w.groups.values()) {
    if (g.ended) continue;
    const n = g.members.length;
    if (n > 0) sizes.push(n);
    for (const id in g.state.entities) {
      if (g.state.entities[id]!.frozen) transit.add(id);
      else live.set(id, (live.get(id) ?? 0) + 1);
    }
  }
  for (const p of w.players) {
    const n = live.get(p.id) ?? 0;
    if (n === 0 && !transit.has(p.id)) w.lost.add(p.id);
    if (n > 1) w.duplicated.add(p.id);
  }
  if (record) {
    w.sizes.length = 0;
    w.sizes.push(...sizes);
  }
  w.maxDuringRun = Math.max(w.maxDuringRun, ...sizes);
}

/**
 * What keeps the splits from being settled: groups with a split or re-root pending, and live
 * groups above maxGroup (their split is due).
 */
export function unsettledGroups(w: World): number {
  let n = 0;
  for (const g of w.groups.values()) {
    if (!g.ended && (g.state.transition !== null || g.members.length > w.o.maxGroup)) n++;
  }
  return n;
}

/** Players in a handoff (not counting the members of a group whose relocation waits). */
export function playersInFlight(w: World): number {
  let n = 0;
  for (const p of w.players) if ((p.phase !== 'idle' || p.orphan) && p.group?.state.relocate == null) n++;
  return n;
}
