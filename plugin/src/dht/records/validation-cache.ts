import type { Result } from '../../util/result';
import type { RecordRejection } from './rejection';

type Entry = Result<unknown, RecordRejection>;

/**
 * Remembers the outcome of expensive, time-independent checks (signatures) per digest, so a
 * record seen again (on every read, every republish) is not verified again, and a forged record
 * sent again is refused at once. A node has one; a simulation may share one between all its
 * nodes (each distinct record then costs one real verification in the whole run). Tracks
 * verifications in flight so a virtual-time driver can wait for them.
 */
export class ValidationCache {
  readonly #map = new Map<string, Entry>();
  /** Checks still running, so the same record arriving from several replicas is verified once. */
  readonly #flights = new Map<string, Promise<Entry>>();
  readonly #capacity: number;
  #pending = 0;
  #idle: (() => void)[] = [];
  hits = 0;
  misses = 0;

  constructor(capacity = 4096) {
    this.#capacity = Math.max(1, capacity);
  }

  get(digestHex: string): Entry | undefined {
    const e = this.#map.get(digestHex);
    if (e !== undefined) {
      this.hits++;
      // Least recently used goes first: a hit moves the entry to the young end.
      this.#map.delete(digestHex);
      this.#map.set(digestHex, e);
    } else this.misses++;
    return e;
  }

  set(digestHex: string, entry: Entry): void {
    this.#map.delete(digestHex);
    this.#map.set(digestHex, entry);
    if (this.#map.size > this.#capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#map.size;
  }

  /** The running check of `digestHex`, if one was started and has not settled. */
  flight(digestHex: string): Promise<Entry> | undefined {
    return this.#flights.get(digestHex);
  }

  /** Registers the running check of `digestHex` until it settles (and counts it as in flight). */
  fly(digestHex: string, check: Promise<Entry>): Promise<Entry> {
    const tracked = this.track(check).finally(() => this.#flights.delete(digestHex));
    this.#flights.set(digestHex, tracked);
    return tracked;
  }

  /** Verifications in flight. */
  get pending(): number {
    return this.#pending;
  }

  /** Counts `work` as in flight until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#pending++;
    return work.finally(() => {
      this.#pending--;
      if (this.#pending === 0) for (const wake of this.#idle.splice(0)) wake();
    });
  }

  /** Resolves when no verification is in flight. */
  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
