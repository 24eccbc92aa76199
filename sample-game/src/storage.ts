/**
 * The player's key rings in IndexedDB (raw API, no wrapper library). One record per player
 * name, so a returning browser reuses the keys it registered that name with, and the authority
 * renews the certificates instead of refusing the name.
 */

const DB_NAME = 'p2p-mmo';
const DB_VERSION = 1;
const STORE = 'keyrings';

/** A stored identity: the serialised key ring (crypto's `serializeKeyRing`) and its name. */
export interface StoredIdentity {
  readonly name: string;
  readonly ring: string;
  readonly savedAt: number;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'name' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => reject(new Error('IndexedDB open blocked by another tab'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(fn(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  } finally {
    db.close();
  }
}

function isStoredIdentity(value: unknown): value is StoredIdentity {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.ring === 'string' && typeof v.savedAt === 'number';
}

/** The identity stored for `name`, or `undefined` when this browser never registered it. */
export async function loadIdentity(name: string): Promise<StoredIdentity | undefined> {
  const value: unknown = await withStore('readonly', (store) => store.get(name));
  return isStoredIdentity(value) ? value : undefined;
}

/** Stores (or replaces) the identity for its name. */
export async function saveIdentity(identity: StoredIdentity): Promise<void> {
  await withStore('readwrite', (store) => store.put(identity));
}

/** The most recently saved identity, for pre-filling the join form. */
export async function lastIdentity(): Promise<StoredIdentity | undefined> {
  const all: unknown[] = await withStore('readonly', (store) => store.getAll());
  let best: StoredIdentity | undefined;
  for (const v of all) if (isStoredIdentity(v) && (best === undefined || v.savedAt > best.savedAt)) best = v;
  return best;
}
