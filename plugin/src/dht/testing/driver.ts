import type { VirtualClock } from '../../clock';
import type { ValidationCache } from '../records/validation-cache';

/** One turn of the real event loop: every queued promise callback has run after it. */
export function drain(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs virtual time timer slot by timer slot. After every slot the real event loop gets a turn,
 * so promise continuations run at the virtual time they belong to, and signature checks in
 * flight (tracked by the validation cache) finish before the clock moves on: crypto takes no
 * virtual time, and runs stay deterministic.
 */
export class VirtualDriver {
  constructor(
    readonly clock: VirtualClock,
    readonly cache?: ValidationCache,
  ) {}

  async #quiesce(): Promise<void> {
    await drain();
    while (this.cache !== undefined && this.cache.pending > 0) {
      await this.cache.idle();
      await drain();
    }
  }

  /** Runs every timer due up to `t`, then sets the clock to `t`. */
  async runUntil(t: number): Promise<void> {
    for (;;) {
      await this.#quiesce();
      const next = this.clock.nextAt();
      if (next === undefined || next > t) break;
      this.clock.runUntil(next);
    }
    this.clock.runUntil(t);
    await this.#quiesce();
  }

  /** Advances virtual time by `ms`. */
  run(ms: number): Promise<void> {
    return this.runUntil(this.clock.now() + ms);
  }

  /** Runs timers until `promise` settles (or `maxMs` of virtual time pass: then rejects). */
  async settle<T>(promise: Promise<T>, maxMs = 600_000): Promise<T> {
    let done = false;
    const watched = promise.finally(() => {
      done = true;
    });
    const end = this.clock.now() + maxMs;
    await this.#quiesce();
    while (!done) {
      const next = this.clock.nextAt();
      if (next === undefined || next > end) {
        await this.#quiesce();
        if (done) break;
        throw new Error(`promise did not settle within ${maxMs} virtual ms`);
      }
      this.clock.runUntil(next);
      await this.#quiesce();
    }
    return watched;
  }
}
