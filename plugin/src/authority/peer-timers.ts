type Handle = ReturnType<typeof globalThis.setTimeout>;
type SetTimeoutFn = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => Handle;

/**
 * Makes the `peer` package's housekeeping loops stoppable. `ExpressPeerServer` starts two
 * self-rescheduling `setTimeout` loops (message expiry, dead-connection sweep) when it is
 * mounted and exposes no way to stop them, so a closed server would keep the process alive.
 * Code run through {@link TimerScope.run} sees a `setTimeout` that records its timers, and the
 * callbacks of those timers run inside the scope again, so every reschedule is recorded too.
 * {@link TimerScope.close} cancels them all and drops any that fire later.
 */
export class TimerScope {
  readonly #live = new Set<Handle>();
  readonly #original: SetTimeoutFn = globalThis.setTimeout as unknown as SetTimeoutFn;
  #closed = false;

  readonly #scoped: SetTimeoutFn = (fn, ms, ...args) => {
    const handle = this.#original(() => {
      this.#live.delete(handle);
      if (!this.#closed) this.run(() => fn(...args));
    }, ms);
    this.#live.add(handle);
    return handle;
  };

  /** Runs `fn` synchronously with the recording `setTimeout` installed. */
  run<T>(fn: () => T): T {
    const previous = globalThis.setTimeout;
    globalThis.setTimeout = this.#scoped as unknown as typeof globalThis.setTimeout;
    try {
      return fn();
    } finally {
      globalThis.setTimeout = previous;
    }
  }

  /** Number of pending recorded timers. */
  get pending(): number {
    return this.#live.size;
  }

  /** Cancels every recorded timer; later reschedules are dropped. Idempotent. */
  close(): void {
    this.#closed = true;
    for (const handle of this.#live) globalThis.clearTimeout(handle);
    this.#live.clear();
  }
}
