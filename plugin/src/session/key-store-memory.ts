import type { KeyStore } from './key-store';

/**
 * A {@link KeyStore} in memory: for tests and for Node peers, whose keys need not outlive the
 * process. Two sessions given the same store share their rings (a "returning" player).
 */
export function memoryKeyStore(): KeyStore {
  const rings = new Map<string, string>();
  let last: string | undefined;
  return {
    load: (name) => Promise.resolve(rings.get(name)),
    save(name, ring) {
      rings.set(name, ring);
      last = name;
      return Promise.resolve();
    },
    lastName: () => Promise.resolve(last),
  };
}
