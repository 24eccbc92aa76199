import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock';
import { indexedDbKeyStore } from './key-store-indexeddb';
import { memoryKeyStore } from './key-store-memory';

type Handler = ((this: unknown, ev: unknown) => void) | null;

/** A request that succeeds or fails on a later task, as IndexedDB's do. */
class FakeRequest<T> {
  onsuccess: Handler = null;
  onerror: Handler = null;
  onupgradeneeded: Handler = null;
  onblocked: Handler = null;
  result!: T;
  error: Error | null = null;

  settle(run: () => T, after?: () => void): this {
    setTimeout(() => {
      try {
        this.result = run();
        this.onsuccess?.call(this, {});
      } catch (e) {
        this.error = e as Error;
        this.onerror?.call(this, {});
      }
      after?.();
    }, 0);
    return this;
  }
}

/** Just enough of IndexedDB for the key store: one database of object stores keyed by `keyPath`. */
function fakeIndexedDb(options: { failPut?: boolean } = {}): IDBFactory {
  const stores = new Map<string, Map<string, unknown>>();
  let version = 0;
  const db = {
    objectStoreNames: { contains: (n: string) => stores.has(n) },
    createObjectStore: (n: string) => stores.set(n, new Map()),
    close: () => undefined,
    transaction(name: string) {
      const data = stores.get(name)!;
      const tx = {
        oncomplete: null as Handler,
        onerror: null as Handler,
        onabort: null as Handler,
        error: null,
        objectStore: () => ({
          get: (key: string) => new FakeRequest().settle(() => data.get(key), finish(false)),
          getAll: () => new FakeRequest().settle(() => [...data.values()], finish(false)),
          put: (value: { name: string }) =>
            new FakeRequest().settle(
              () => {
                if (options.failPut) throw new Error('QuotaExceededError');
                data.set(value.name, structuredClone(value));
                return value.name;
              },
              finish(options.failPut === true),
            ),
        }),
      };
      const finish = (failed: boolean) => () => (failed ? tx.onabort : tx.oncomplete)?.call(tx, {});
      return tx;
    },
  };
  return {
    open(_name: string, v: number) {
      const req = new FakeRequest<typeof db>();
      req.result = db;
      setTimeout(() => {
        if (version < v) {
          version = v;
          req.onupgradeneeded?.call(req, {});
        }
        req.onsuccess?.call(req, {});
      }, 0);
      return req;
    },
  } as unknown as IDBFactory;
}

describe('memoryKeyStore', () => {
  it('keeps rings per name and remembers the last name saved', async () => {
    const store = memoryKeyStore();
    expect(await store.load('Alice')).toBeUndefined();
    expect(await store.lastName()).toBeUndefined();
    await store.save('Alice', 'ring-a');
    await store.save('Bob', 'ring-b');
    expect(await store.load('Alice')).toBe('ring-a');
    expect(await store.lastName()).toBe('Bob');
  });
});

describe('indexedDbKeyStore', () => {
  it('stores rings per name; lastName is the most recently saved', async () => {
    const clock = new VirtualClock(1_000);
    const store = indexedDbKeyStore('test-db', { factory: fakeIndexedDb(), clock });
    expect(await store.load('Alice')).toBeUndefined();
    await store.save('Alice', 'ring-a');
    clock.advance(10);
    await store.save('Bob', 'ring-b');
    clock.advance(10);
    await store.save('Alice', 'ring-a');
    expect(await store.load('Alice')).toBe('ring-a');
    expect(await store.load('Bob')).toBe('ring-b');
    expect(await store.lastName()).toBe('Alice');
  });

  it('rejects when IndexedDB is missing or a write fails', async () => {
    const none = indexedDbKeyStore('test-db', { factory: undefined });
    if (typeof globalThis.indexedDB === 'undefined') await expect(none.load('Alice')).rejects.toThrow(/not available/);
    const full = indexedDbKeyStore('test-db', { factory: fakeIndexedDb({ failPut: true }) });
    await expect(full.save('Alice', 'ring')).rejects.toThrow(/Quota/);
  });
});
