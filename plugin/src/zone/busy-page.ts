/**
 * A page whose main thread is busy in long tasks (a starved CPU, a tab rendering a heavy frame):
 * while it is busy, none of its timers or message handlers run; they all run, in order, once the
 * long task ends. Late links (`SimNetwork.setLinkLatency`) model a slow network, not this: a busy
 * page also sends late, in bursts, and sees its own timers fire late. Seen in real browsers at a
 * load average of 10 and more.
 */
import type { Clock, TimerHandle } from '../clock/clock';
import type { Rng } from '../rng';

/** A timer of the page: the clock's handle it currently waits on. */
interface PageTimer {
  inner: TimerHandle;
  cancelled: boolean;
}

/** Long tasks drawn at random: each `busyMs` (uniform in the range), then `freeMs` free. */
export interface LongTasks {
  readonly busyMs: readonly [number, number];
  readonly freeMs: readonly [number, number];
}

/** The page of one simulated player. */
export class BusyPage {
  #until = 0;
  #pattern: { tasks: LongTasks; timer: TimerHandle } | undefined;
  /** Callbacks that ran late because the page was busy. */
  deferred = 0;

  constructor(
    readonly host: Clock,
    readonly rng: Rng,
  ) {}

  /** Whether a long task is running now. */
  get busy(): boolean {
    return this.host.now() < this.#until;
  }

  /** A long task of `ms` starting now. */
  block(ms: number): void {
    this.#until = Math.max(this.#until, this.host.now() + ms);
  }

  /** Long tasks from now on, until {@link BusyPage.calm}. */
  starve(tasks: LongTasks): void {
    this.calm();
    const draw = ([lo, hi]: readonly [number, number]): number => lo + this.rng.next() * (hi - lo);
    const next = (): void => {
      const busy = draw(tasks.busyMs);
      this.block(busy);
      this.#pattern = { tasks, timer: this.host.setTimeout(next, busy + draw(tasks.freeMs)) };
    };
    next();
  }

  /** No more long tasks (the one running ends as drawn). */
  calm(): void {
    if (this.#pattern !== undefined) this.host.clearTimeout(this.#pattern.timer);
    this.#pattern = undefined;
  }

  /** Runs `fn` now, or when the long task running ends. */
  run(fn: () => void): void {
    if (!this.busy) {
      fn();
      return;
    }
    this.deferred++;
    this.host.setTimeout(() => this.run(fn), this.#until - this.host.now());
  }

  /** The page's clock: the same time, timers that fire only when the page is free. */
  readonly clock: Clock = {
    now: () => this.host.now(),
    setTimeout: (fn, ms) => {
      const t: PageTimer = { inner: 0, cancelled: false };
      const fire = (): void => {
        if (t.cancelled) return;
        if (!this.busy) {
          fn();
          return;
        }
        this.deferred++;
        t.inner = this.host.setTimeout(fire, this.#until - this.host.now());
      };
      t.inner = this.host.setTimeout(fire, ms);
      return t;
    },
    clearTimeout: (handle) => {
      const t = handle as PageTimer;
      if (typeof t !== 'object' || t === null || !('cancelled' in t)) return;
      t.cancelled = true;
      this.host.clearTimeout(t.inner);
    },
  };
}
