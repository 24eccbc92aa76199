import { getAt, type PathKey } from '../room/paths';

/**
 * The collection at `path` as the player sees it across groups: the same path in several game
 * room states (its own leaf first, then the leaf it is leaving, then the observed leaves), merged
 * key by key, the first state holding a key winning. So an avatar across a border (in an observed
 * leaf) is shown, and one that is in two states at once while it is handed over is shown once,
 * from the group that holds it. A value that is not a plain record comes from the first state
 * that has one.
 */
export function mergedAt(states: readonly unknown[], path: readonly PathKey[]): unknown {
  let first: unknown;
  let merged: Record<string, unknown> | undefined;
  let parts = 0;
  for (const s of states) {
    if (s === undefined || s === null) continue;
    const v = getAt(s, path);
    if (v === undefined) continue;
    if (first === undefined) first = v;
    if (!isRecord(v)) continue;
    parts++;
    merged ??= {};
    for (const [k, e] of Object.entries(v)) if (!Object.hasOwn(merged, k)) merged[k] = e;
  }
  if (!isRecord(first) || parts <= 1) return first;
  return merged;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
