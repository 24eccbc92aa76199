import type { Clock, TimerHandle } from './clock';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * A clock whose time only moves when a test or simulation advances it. Timers fire in
 * (time, creation order), which makes every run with the same seed identical.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #heap: Timer[] = [];
  #cancelled = new Set<number>();
  /** Ids of timers not yet fired or dropped, so cancelling a spent handle is a no-op. */
  #live = new Set<number>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.#seq;
    this.#live.add(id);
    this.#push({ id, at: this.#now + Math.max(0, ms), seq: id, fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number' && this.#live.delete(handle)) this.#cancelled.add(handle);
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.#heap.length - this.#cancelled.size;
  }

  /** Time of the next pending timer, or `undefined` when none is left. */
  nextAt(): number | undefined {
    this.#dropCancelledTop();
    return this.#heap[0]?.at;
  }

  /** Fires every timer due up to `this.now() + ms`, in order, then sets the time to that point. */
  advance(ms: number): void {
    this.runUntil(this.#now + ms);
  }

  /** Fires every timer due up to time `t` (timers scheduled meanwhile included). */
  runUntil(t: number): void {
    for (;;) {
      this.#dropCancelledTop();
      const top = this.#heap[0];
      if (top === undefined || top.at > t) break;
      this.#pop();
      this.#live.delete(top.id);
      this.#now = Math.max(this.#now, top.at);
      top.fn();
    }
    this.#now = Math.max(this.#now, t);
  }

  /** Fires timers until none is left or `maxTimers` have fired; returns how many fired. */
  runAll(maxTimers = 1_000_000): number {
    let fired = 0;
    while (fired < maxTimers) {
      this.#dropCancelledTop();
      const top = this.#heap[0];
      if (top === undefined) break;
      this.#pop();
      this.#live.delete(top.id);
      this.#now = Math.max(this.#now, top.at);
      top.fn();
      fired++;
    }
    return fired;
  }

  /** Lets pending promise callbacks run, then advances by `ms`: for tests that mix async code. */
  async tick(ms: number, step = ms): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await flushMicrotasks();
      const next = Math.min(end, this.#now + step);
      this.runUntil(next);
      await flushMicrotasks();
      if (this.#now >= end) return;
    }
  }

  #dropCancelledTop(): void {
    for (;;) {
      const top = this.#heap[0];
      if (top === undefined || !this.#cancelled.has(top.id)) return;
      this.#cancelled.delete(top.id);
      this.#pop();
    }
  }

  #less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(t: Timer): void {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

/** Resolves after queued promise callbacks have run (a macrotask boundary is not needed). */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
