import type { Patch } from 'immer';
import { diffKeys, getAt, type PathKey, touches } from './paths';
import type { Unsubscribe } from './types';

/** Called with what a listener threw, so the handle can report it without stopping the others. */
export type Report = (error: unknown, what: string) => void;

/** An ordered set of listeners; each call is isolated, and (un)subscribing while emitting is safe. */
export class ListenerSet<A extends unknown[]> {
  #list: ((...args: A) => void)[] = [];

  get size(): number {
    return this.#list.length;
  }

  add(fn: (...args: A) => void): Unsubscribe {
    this.#list = [...this.#list, fn];
    return () => {
      this.#list = this.#list.filter((f) => f !== fn);
    };
  }

  emit(report: Report, what: string, ...args: A): void {
    for (const fn of this.#list) {
      try {
        fn(...args);
      } catch (error) {
        report(error, what);
      }
    }
  }

  clear(): void {
    this.#list = [];
  }
}

interface ValueListener {
  readonly kind: 'value';
  readonly path: readonly PathKey[];
  readonly fn: (value: unknown, previous: unknown, patches: readonly Patch[]) => void;
}

interface CollectionListener {
  readonly kind: 'add' | 'remove';
  readonly path: readonly PathKey[];
  readonly fn: (key: PathKey, value: unknown) => void;
}

type PathListener = ValueListener | CollectionListener;

/** True when the patches may have added or removed an item of the collection at `depth`. */
function keysMayChange(patches: readonly Patch[], depth: number): boolean {
  return patches.some((p) => p.path.length <= depth || (p.path.length === depth + 1 && p.op !== 'replace'));
}

/**
 * Path listeners over immer patches. A listener runs only when a patch touches its path, and
 * then only when the value there really changed: immer's structural sharing makes reference
 * inequality exact.
 */
export class PathListeners {
  #list: PathListener[] = [];

  get size(): number {
    return this.#list.length;
  }

  add(listener: PathListener): Unsubscribe {
    this.#list = [...this.#list, listener];
    return () => {
      this.#list = this.#list.filter((l) => l !== listener);
    };
  }

  clear(): void {
    this.#list = [];
  }

  dispatch(previous: unknown, state: unknown, patches: readonly Patch[], report: Report): void {
    for (const l of this.#list) {
      const relevant = patches.filter((p) => touches(p.path, l.path));
      if (relevant.length === 0) continue;
      try {
        if (l.kind === 'value') {
          const before = getAt(previous, l.path);
          const after = getAt(state, l.path);
          if (before !== after) l.fn(after, before, relevant);
          continue;
        }
        if (!keysMayChange(relevant, l.path.length)) continue;
        const prevCol = getAt(previous, l.path);
        const nextCol = getAt(state, l.path);
        if (prevCol === nextCol) continue;
        const { added, removed } = diffKeys(prevCol, nextCol);
        if (l.kind === 'add') for (const key of added) call(l.fn, key, getAt(nextCol, [key]), report);
        else for (const key of removed) call(l.fn, key, getAt(prevCol, [key]), report);
      } catch (error) {
        report(error, `listener on ${JSON.stringify(l.path)}`);
      }
    }
  }
}

function call(fn: (key: PathKey, value: unknown) => void, key: PathKey, value: unknown, report: Report): void {
  try {
    fn(key, value);
  } catch (error) {
    report(error, `collection listener for key ${JSON.stringify(key)}`);
  }
}
