/**
 * Typed state paths for the handle's listeners: `['players', id, 'hp']` is checked against the
 * state type, and the listener's value type follows from it.
 */

type Leaf = string | number | boolean | bigint | symbol | null | undefined | Uint8Array;
type Depth = [never, 0, 1, 2, 3, 4, 5, 6];

/** Every path into `T` (as readonly tuples), up to 7 levels deep. */
export type PathOf<T, D extends number = 7> = [D] extends [never]
  ? never
  : T extends Leaf
    ? never
    : T extends readonly (infer E)[]
      ? readonly [number] | readonly [number, ...PathOf<E, Depth[D]>]
      : T extends object
        ? { [K in keyof T & string]-?: readonly [K] | readonly [K, ...PathOf<T[K], Depth[D]>] }[keyof T & string]
        : never;

/** The type of the value at path `P` in `T` (`undefined` when a record key may be absent is added by the caller). */
export type ValueAt<T, P> = P extends readonly []
  ? T
  : P extends readonly [infer H, ...infer R]
    ? T extends readonly (infer E)[]
      ? ValueAt<E, R>
      : H extends keyof T
        ? ValueAt<T[H], R>
        : never
    : never;

/** The key type of a collection: index for arrays, string key for records. */
export type KeyOf<V> = V extends readonly unknown[] ? number : V extends object ? keyof V & string : never;

/** The item type of a collection. */
export type ItemOf<V> = V extends readonly (infer E)[] ? E : V extends object ? V[keyof V] : never;

/** A path segment at run time. */
export type PathKey = string | number;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** The value at `path` in `root`, or `undefined` when the path does not exist. */
export function getAt(root: unknown, path: readonly PathKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (Array.isArray(v)) {
      if (typeof key !== 'number') return undefined;
      v = v[key];
    } else if (isRecord(v)) {
      if (!Object.hasOwn(v, key)) return undefined;
      v = v[key];
    } else {
      return undefined;
    }
  }
  return v;
}

/** True when a change at `changed` may change the value at `watched` (one is a prefix of the other). */
export function touches(changed: readonly PathKey[], watched: readonly PathKey[]): boolean {
  const n = Math.min(changed.length, watched.length);
  for (let i = 0; i < n; i++) {
    // Immer reports array indices as numbers; a listener may name them either way.
    if (String(changed[i]) !== String(watched[i])) return false;
  }
  return true;
}

/** The keys of a collection value: indices of an array, own keys of a record, none otherwise. */
export function keysOf(v: unknown): PathKey[] {
  if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => i);
  if (isRecord(v)) return Object.keys(v);
  return [];
}

/** Keys present in `next` and not in `prev`, and the reverse, each in enumeration order. */
export function diffKeys(prev: unknown, next: unknown): { added: PathKey[]; removed: PathKey[] } {
  const has = (v: unknown, key: PathKey): boolean =>
    Array.isArray(v)
      ? typeof key === 'number' && key < v.length
      : isRecord(v) && typeof key === 'string' && Object.hasOwn(v, key);
  return {
    added: keysOf(next).filter((k) => !has(prev, k)),
    removed: keysOf(prev).filter((k) => !has(next, k)),
  };
}
