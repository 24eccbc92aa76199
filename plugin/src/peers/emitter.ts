type Listener = (...args: never[]) => void;

/**
 * A small typed event hub. A handler that throws is isolated (the others still run) and the
 * error is handed to `onHandlerError`, never rethrown into protocol code.
 */
export class Emitter<Events extends { [K in keyof Events]: Listener }> {
  #handlers = new Map<keyof Events, readonly Listener[]>();
  /** Exceptions thrown by handlers so far. */
  handlerErrors = 0;

  constructor(private readonly onHandlerError?: (error: unknown) => void) {}

  on<E extends keyof Events>(event: E, handler: Events[E]): () => void {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), handler]);
    return () => {
      this.#handlers.set(
        event,
        (this.#handlers.get(event) ?? []).filter((h) => h !== handler),
      );
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const handler of this.#handlers.get(event) ?? []) {
      try {
        (handler as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.handlerErrors++;
        this.onHandlerError?.(error);
      }
    }
  }

  clear(): void {
    this.#handlers.clear();
  }
}
