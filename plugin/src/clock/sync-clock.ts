import type { Clock, TimerHandle } from './clock';
import { ClockSyncOptionError, nonNegative } from './sync';

/** Tuning of {@link SyncedClock}. */
export interface SyncedClockOptions {
  /**
   * Fastest rate at which the applied offset moves toward a new target, in ms per ms of base
   * time (default 0.05: the synced clock runs between 0.95x and 1.05x while correcting, so a
   * 100 ms error is absorbed in 2 s). Must be in (0, 0.5].
   */
  readonly maxSlewRate?: number;
  /**
   * A target more than this far *ahead* of the applied offset is stepped to at once (time jumps
   * forward, never back), ms. Default 1000. Behind-errors of any size are always slewed.
   */
  readonly stepForwardMs?: number;
}

interface Timer {
  readonly fn: () => void;
  readonly deadline: number;
  base: TimerHandle | undefined;
}

/**
 * The synchronised clock: `now()` = base clock + offset, where the offset tracks the targets
 * an estimator sets. The first target is applied at once (before it, the clock is the base clock
 * and {@link synced} is false: wait for it before starting rounds). Later changes are slewed at
 * {@link SyncedClockOptions.maxSlewRate}, or stepped when far ahead, so `now()` never goes
 * backwards after the first sync (it is also clamped to never return less than it did before,
 * in case the base clock itself steps back).
 *
 * Timers fire when the *synced* time reaches their deadline: each is armed on the base clock
 * for the base delay the current slew trajectory needs, re-armed when the trajectory changes,
 * and re-checked when it fires.
 */
export class SyncedClock implements Clock {
  readonly #base: Clock;
  readonly #rate: number;
  readonly #stepForward: number;
  readonly #timers = new Map<number, Timer>();
  #seq = 0;
  #synced = false;
  /** Offset at base time `#from`, and the target it slews to. */
  #offsetAtFrom = 0;
  #from = 0;
  #target = 0;
  #last = Number.NEGATIVE_INFINITY;

  constructor(base: Clock, options: SyncedClockOptions = {}) {
    this.#base = base;
    const rate = options.maxSlewRate ?? 0.05;
    if (!(rate > 0 && rate <= 0.5)) {
      throw new ClockSyncOptionError(
        'maxSlewRate',
        `clock sync option \`maxSlewRate\` must be in (0, 0.5], got ${rate}`,
      );
    }
    this.#rate = rate;
    this.#stepForward = nonNegative('stepForwardMs', options.stepForwardMs ?? 1000);
  }

  /** True once a first target was set. */
  get synced(): boolean {
    return this.#synced;
  }

  /** The offset applied right now (synced minus base time), ms. */
  offset(): number {
    return this.#offsetAt(this.#base.now());
  }

  /** The offset being slewed toward, ms. */
  get target(): number {
    return this.#target;
  }

  /** Sets a new target offset (see the class comment for step versus slew). */
  setTarget(offset: number): void {
    if (!Number.isFinite(offset)) return;
    const t = this.#base.now();
    const current = this.#offsetAt(t);
    const step = !this.#synced || offset - current > this.#stepForward;
    this.#offsetAtFrom = step ? offset : current;
    this.#from = t;
    this.#target = offset;
    if (!this.#synced) this.#last = Number.NEGATIVE_INFINITY;
    this.#synced = true;
    for (const [id, timer] of this.#timers) this.#arm(id, timer);
  }

  now(): number {
    const t = this.#base.now();
    const v = t + this.#offsetAt(t);
    if (v > this.#last) this.#last = v;
    return this.#last;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.#seq;
    const timer: Timer = { fn, deadline: this.now() + Math.max(0, ms), base: undefined };
    this.#timers.set(id, timer);
    this.#arm(id, timer);
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle !== 'number') return;
    const timer = this.#timers.get(handle);
    if (timer === undefined) return;
    this.#timers.delete(handle);
    if (timer.base !== undefined) this.#base.clearTimeout(timer.base);
  }

  /** Base-clock ms until the synced clock reads `deadline` on the current trajectory. */
  baseDelayUntil(deadline: number): number {
    const t = this.#base.now();
    const remaining = deadline - this.now();
    if (remaining <= 0) return 0;
    const gap = this.#target - this.#offsetAt(t);
    if (gap === 0) return remaining;
    const slewTime = Math.abs(gap) / this.#rate;
    const speed = 1 + Math.sign(gap) * this.#rate;
    if (remaining <= speed * slewTime) return remaining / speed;
    return slewTime + (remaining - speed * slewTime);
  }

  #offsetAt(t: number): number {
    const gap = this.#target - this.#offsetAtFrom;
    const max = this.#rate * Math.max(0, t - this.#from);
    return this.#offsetAtFrom + Math.max(-max, Math.min(max, gap));
  }

  #arm(id: number, timer: Timer): void {
    if (timer.base !== undefined) this.#base.clearTimeout(timer.base);
    const d = this.baseDelayUntil(timer.deadline);
    // A floor of 1 µs keeps a timer that is not quite due from re-arming at the same instant forever.
    const delay = d > 0 && d < 0.001 ? 0.001 : d;
    timer.base = this.#base.setTimeout(() => {
      timer.base = undefined;
      if (this.#timers.get(id) !== timer) return;
      if (this.now() + 1e-6 >= timer.deadline) {
        this.#timers.delete(id);
        timer.fn();
      } else {
        this.#arm(id, timer);
      }
    }, delay);
  }
}
