import type { Result } from '../../util/result';
import type { DhtError } from '../errors';
import type { QueryEvent } from './events';

/** Most events one query records (a lookup sends about 10 to 40 requests). */
const MAX_EVENTS = 4096;

/**
 * A running DHT operation: iterate it (or `events`) for progress events, await `result` for the
 * outcome. Events are recorded from the start, so an iterator that starts late still sees them
 * all; iteration ends when the query settles. The result never rejects.
 */
export class DhtQuery<T> implements AsyncIterable<QueryEvent> {
  readonly #events: QueryEvent[] = [];
  readonly #wake = new Set<() => void>();
  #done = false;
  /** The outcome; never rejects. */
  readonly result: Promise<Result<T, DhtError>>;

  constructor(run: (emit: (event: QueryEvent) => void) => Promise<Result<T, DhtError>>) {
    this.result = run((e) => this.#emit(e)).finally(() => {
      this.#done = true;
      this.#notify();
    });
  }

  /** The progress events, as an async iterable (same as iterating the query). */
  get events(): AsyncIterable<QueryEvent> {
    return this;
  }

  /** Events recorded so far. */
  get recorded(): readonly QueryEvent[] {
    return this.#events;
  }

  #emit(event: QueryEvent): void {
    if (this.#events.length >= MAX_EVENTS) return;
    this.#events.push(event);
    this.#notify();
  }

  #notify(): void {
    for (const wake of [...this.#wake]) wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<QueryEvent> {
    let i = 0;
    for (;;) {
      while (i < this.#events.length) yield this.#events[i++]!;
      if (this.#done) return;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.#wake.delete(wake);
          resolve();
        };
        this.#wake.add(wake);
      });
    }
  }
}
