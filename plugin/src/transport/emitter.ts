import type { TransportEvents } from './transport';

type Handlers = { [E in keyof TransportEvents]: TransportEvents[E][] };

/**
 * The typed event hub both transports share. A handler that throws is isolated: the others
 * still run, the exception is counted and handed to `onHandlerError` (never rethrown).
 */
export class TransportEmitter {
  #handlers: Handlers = { message: [], open: [], close: [], error: [] };
  /** Exceptions thrown by handlers so far. */
  handlerErrors = 0;

  constructor(private readonly onHandlerError?: (error: unknown) => void) {}

  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void {
    // Copy on write, so a handler that unsubscribes during an emit does not disturb it.
    const list = this.#handlers[event] as TransportEvents[E][];
    (this.#handlers[event] as TransportEvents[E][]) = [...list, handler];
    return () => {
      const now = this.#handlers[event] as TransportEvents[E][];
      (this.#handlers[event] as TransportEvents[E][]) = now.filter((h) => h !== handler);
    };
  }

  emit<E extends keyof TransportEvents>(event: E, ...args: Parameters<TransportEvents[E]>): void {
    const list = this.#handlers[event] as ((...a: Parameters<TransportEvents[E]>) => void)[];
    for (const handler of list) {
      try {
        handler(...args);
      } catch (error) {
        this.handlerErrors++;
        this.onHandlerError?.(error);
      }
    }
  }

  /** Drops every handler (after `close`, so late callbacks cannot reach the application). */
  clear(): void {
    this.#handlers = { message: [], open: [], close: [], error: [] };
  }
}
