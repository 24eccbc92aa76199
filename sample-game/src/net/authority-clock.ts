import { type Clock, SystemClock, type TimerHandle } from './lib';

/**
 * The system clock shifted onto the authority's timeline (offset measured with `/api/time`), so
 * timestamps in hellos and notes compare well between browsers whose clocks disagree.
 */
export class AuthorityClock implements Clock {
  readonly #system = new SystemClock();
  #offset = 0;

  /** Authority time minus local time, in ms. */
  get offset(): number {
    return this.#offset;
  }

  setOffset(offset: number): void {
    if (Number.isFinite(offset)) this.#offset = offset;
  }

  now(): number {
    return this.#system.now() + this.#offset;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.#system.setTimeout(fn, ms);
  }

  clearTimeout(handle: TimerHandle): void {
    this.#system.clearTimeout(handle);
  }
}
