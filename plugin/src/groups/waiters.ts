import type { Clock } from '../clock/clock';
import type { CellState } from './cell-state';

/** Something with a decided cell state that ends at some point. */
export interface Watched {
  readonly state: CellState;
  readonly ended: boolean;
}

interface Waiter {
  readonly target: Watched;
  readonly check: () => boolean;
  readonly cancel: () => void;
}

/**
 * Promises on decided cell states: "resolve with X once the state of this group says so, or
 * undefined after `ms`". Checked after every applied round of the watched group (the owner calls
 * {@link poke}), so nothing polls.
 */
export class StateWaiters {
  readonly #waiters = new Set<Waiter>();

  constructor(readonly clock: Clock) {}

  /** Resolves with `pick(state)` once it is not undefined, or undefined after `ms` or when `target` ends. */
  until<T>(target: Watched, pick: (st: CellState) => T | undefined, ms: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        target,
        check: () => {
          if (target.ended) {
            done(undefined);
            return true;
          }
          const v = pick(target.state);
          if (v === undefined) return false;
          done(v);
          return true;
        },
        cancel: () => done(undefined),
      };
      const timer = this.clock.setTimeout(() => done(undefined), ms);
      const done = (v: T | undefined): void => {
        this.clock.clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(v);
      };
      if (!waiter.check()) this.#waiters.add(waiter);
    });
  }

  /** Re-checks the waiters of `target` (after one of its rounds was applied, or it ended). */
  poke(target: Watched): void {
    for (const w of [...this.#waiters]) if (w.target === target) w.check();
  }

  /** Resolves every waiter with undefined. */
  clear(): void {
    for (const w of [...this.#waiters]) w.cancel();
  }
}
