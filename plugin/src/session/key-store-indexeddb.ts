/**
 * Key rings in IndexedDB (the raw API, no wrapper library): one record per player name,
 * `{ name, ring, savedAt }` in the `keyrings` store, the same layout the sample game used, so
 * rings stored by earlier versions are found again.
 */
import type { Clock } from '../clock/clock';
import { SystemClock } from '../clock/system-clock';
import type { KeyStore } from './key-store';

/** The database the sample game has always used. */
export const DEFAULT_KEY_DB = 'p2p-mmo';
const DB_VERSION = 1;
const STORE = 'keyrings';

interface StoredRing {
  readonly name: string;
  readonly ring: string;
  readonly savedAt: number;
}

/** Seams of {@link indexedDbKeyStore} (tests pass a fake factory). */
export interface IndexedDbKeyStoreOptions {
  /** Default `globalThis.indexedDB`. */
  readonly factory?: IDBFactory;
  /** Stamps `savedAt` (orders {@link KeyStore.lastName}); default the system clock. */
  readonly clock?: Clock;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(factory: IDBFactory | undefined, dbName: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (factory === undefined) {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = factory.open(dbName, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'name' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB open blocked by another tab'));
  });
}

function isStoredRing(value: unknown): value is StoredRing {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.ring === 'string' && typeof v.savedAt === 'number';
}

/**
 * A {@link KeyStore} in the browser's IndexedDB (database `dbName`, default `p2p-mmo`). Every
 * call opens the database and closes it again, so another tab is never blocked for long.
 * Failures (no IndexedDB, private mode, quota) reject; the session reports them as
 * `storage-unavailable`.
 */
export function indexedDbKeyStore(dbName: string = DEFAULT_KEY_DB, options: IndexedDbKeyStoreOptions = {}): KeyStore {
  const clock = options.clock ?? new SystemClock();
  const withStore = async <T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await openDb(options.factory ?? globalThis.indexedDB, dbName);
    try {
      const tx = db.transaction(STORE, mode);
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      });
      // Observed now: when the request fails first, the transaction's failure must not go unhandled.
      done.catch(() => undefined);
      const result = await request(fn(tx.objectStore(STORE)));
      await done;
      return result;
    } finally {
      db.close();
    }
  };
  return {
    async load(name) {
      const value: unknown = await withStore('readonly', (store) => store.get(name));
      return isStoredRing(value) ? value.ring : undefined;
    },
    async save(name, ring) {
      const record: StoredRing = { name, ring, savedAt: clock.now() };
      await withStore('readwrite', (store) => store.put(record));
    },
    async lastName() {
      const all: unknown[] = await withStore('readonly', (store) => store.getAll());
      let best: StoredRing | undefined;
      for (const v of all) if (isStoredRing(v) && (best === undefined || v.savedAt > best.savedAt)) best = v;
      return best?.name;
    },
  };
}
