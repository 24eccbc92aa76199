/** Removes a listener; calling it twice is harmless. */
export type Off = () => void;

/**
 * A small typed event emitter. A listener that throws is isolated (reported to `onError`, the
 * others still run), so game code can never unwind into the plugin's timers.
 */
export class Emitter<E extends { [K in keyof E]: (...args: never[]) => void }> {
  readonly #handlers = new Map<keyof E, Set<E[keyof E]>>();
  readonly #onError: ((error: unknown, event: string) => void) | undefined;

  constructor(onError?: (error: unknown, event: string) => void) {
    this.#onError = onError;
  }

  /** Subscribes `fn` to `event`; returns the unsubscribe function. */
  on<K extends keyof E>(event: K, fn: E[K]): Off {
    let set = this.#handlers.get(event);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(fn);
    return () => this.off(event, fn);
  }

  /** Subscribes `fn` for the next `event` only. */
  once<K extends keyof E>(event: K, fn: E[K]): Off {
    const wrapper = ((...args: Parameters<E[K]>) => {
      off();
      (fn as (...a: Parameters<E[K]>) => void)(...args);
    }) as E[K];
    const off = this.on(event, wrapper);
    return off;
  }

  /** Unsubscribes `fn` from `event` (no-op when it is not subscribed). */
  off<K extends keyof E>(event: K, fn: E[K]): void {
    this.#handlers.get(event)?.delete(fn);
  }

  /** Calls every listener of `event` in subscription order. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    for (const fn of [...set]) {
      try {
        (fn as (...a: Parameters<E[K]>) => void)(...args);
      } catch (error) {
        this.#onError?.(error, String(event));
      }
    }
  }

  /** How many listeners `event` has. */
  listenerCount(event: keyof E): number {
    return this.#handlers.get(event)?.size ?? 0;
  }

  /** Removes every listener of every event. */
  clear(): void {
    this.#handlers.clear();
  }
}
