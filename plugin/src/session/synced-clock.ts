import type { Clock, TimerHandle } from '../clock/clock';

/**
 * A base clock shifted onto the authority's timeline: `now()` is `base.now() + offset`, with
 * the offset measured from `GET /api/time`. Timestamps in hellos, notes and rounds then compare
 * well between players whose own clocks disagree. Timers are durations, so they run on the base
 * clock unchanged.
 */
export class AuthorityClock implements Clock {
  readonly #base: Clock;
  #offset = 0;

  constructor(base: Clock) {
    this.#base = base;
  }

  /** Authority time minus base time, ms (0 until measured). */
  get offset(): number {
    return this.#offset;
  }

  /** Sets the offset; a non-finite value is ignored. */
  setOffset(offset: number): void {
    if (Number.isFinite(offset)) this.#offset = offset;
  }

  now(): number {
    return this.#base.now() + this.#offset;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.#base.setTimeout(fn, ms);
  }

  clearTimeout(handle: TimerHandle): void {
    this.#base.clearTimeout(handle);
  }
}
