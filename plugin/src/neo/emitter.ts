/** A tiny typed event emitter; a throwing handler is isolated so it cannot break the protocol. */
export class Emitter<E extends { [K in keyof E]: (...args: never[]) => void }> {
  readonly #handlers = new Map<keyof E, Set<E[keyof E]>>();

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof E>(event: K, handler: E[K]): () => void {
    let set = this.#handlers.get(event);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Whether `event` has a handler (to skip building an event nobody reads). */
  has<K extends keyof E>(event: K): boolean {
    return (this.#handlers.get(event)?.size ?? 0) > 0;
  }

  /** Calls every handler of `event`. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    for (const h of [...set]) {
      try {
        (h as (...a: Parameters<E[K]>) => void)(...args);
      } catch {
        // Handlers must not throw; one that does is ignored rather than allowed to unwind the protocol.
      }
    }
  }

  /** Removes every handler. */
  clear(): void {
    this.#handlers.clear();
  }
}
