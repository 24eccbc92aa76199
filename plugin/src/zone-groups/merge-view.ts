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

/**
 * {@link mergedAt} remembered for its inputs: the same states (by identity) and path give the
 * same object back, so a reader can tell "changed" by identity, as with an immer state.
 */
export class MergedAtCache {
  #states: readonly unknown[] = [];
  #path: readonly PathKey[] = [];
  #value: unknown;
  #filled = false;

  /** `mergedAt(states, path)`, the previous object when nothing changed. */
  at(states: readonly unknown[], path: readonly PathKey[]): unknown {
    if (this.#filled && sameItems(states, this.#states) && sameItems(path, this.#path)) return this.#value;
    this.#states = [...states];
    this.#path = [...path];
    this.#value = mergedAt(states, path);
    this.#filled = true;
    return this.#value;
  }
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
