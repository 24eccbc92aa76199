import type { ValidRecord } from './record';

/** A record held by this node. */
export interface StoredRecord {
  valid: ValidRecord;
  /** Clock time it was last stored or refreshed here. */
  storedAt: number;
  /** Clock time this node re-stores it to the k closest (pushed back whenever someone else did). */
  republishAt: number;
  /** Kept as the archival replica (the authority's node), outside `maxRecords` and distance rules. */
  archived: boolean;
}

/** Records this node holds, by DHT key (hex). */
export class RecordStore {
  readonly #map = new Map<string, StoredRecord>();
  #regular = 0;

  constructor(readonly maxRecords: number) {}

  get(dhtKeyHex: string): StoredRecord | undefined {
    return this.#map.get(dhtKeyHex);
  }

  /** Whether a new regular record fits. */
  hasRoom(): boolean {
    return this.#regular < this.maxRecords;
  }

  set(entry: StoredRecord): void {
    const key = entry.valid.dhtKeyHex;
    const old = this.#map.get(key);
    if (old !== undefined && !old.archived) this.#regular--;
    if (!entry.archived) this.#regular++;
    this.#map.set(key, entry);
  }

  delete(dhtKeyHex: string): void {
    const old = this.#map.get(dhtKeyHex);
    if (old === undefined) return;
    if (!old.archived) this.#regular--;
    this.#map.delete(dhtKeyHex);
  }

  values(): IterableIterator<StoredRecord> {
    return this.#map.values();
  }

  /** Records held (archived ones included). */
  get size(): number {
    return this.#map.size;
  }
}
