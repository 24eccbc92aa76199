import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../rng';
import { plainContacts } from '../contact';
import { compareDistance, randomIdWithPrefix } from '../ids';
import { randomSeed } from '../testing/harness';
import { RoutingTable } from './routing-table';

const rng = new SeededRng(11);

describe('RoutingTable', () => {
  it('returns exactly the k closest known contacts, in order', () => {
    const self = randomSeed(rng);
    const table = new RoutingTable(self, 20, 4, 2);
    const known = [];
    for (let i = 0; i < 3000; i++) {
      const c = plainContacts.fromNodeId(randomSeed(rng));
      if (table.seen(c, 0) === 'added') known.push(c);
    }
    expect(table.size).toBe(known.length);
    for (let i = 0; i < 200; i++) {
      const target = i % 2 === 0 ? randomSeed(rng) : randomIdWithPrefix(self, i % 12, rng);
      const want = [...known].sort((a, b) => compareDistance(a.nodeId, b.nodeId, target)).slice(0, 20);
      expect(table.closest(target, 20).map((c) => c.id)).toEqual(want.map((c) => c.id));
    }
  });

  it('keeps k per bucket, parks newcomers as replacements and promotes them when a contact fails', () => {
    const self = new Uint8Array(32);
    const table = new RoutingTable(self, 2, 2, 2);
    const inBucket0 = () => plainContacts.fromNodeId(randomIdWithPrefix(self, 0, rng));
    const [a, b, c] = [inBucket0(), inBucket0(), inBucket0()];
    expect(table.seen(a, 1)).toBe('added');
    expect(table.seen(b, 2)).toBe('added');
    expect(table.seen(c, 3)).toBe('replacement');
    expect(table.seen(a, 4)).toBe('updated');
    expect(table.has(c.id)).toBe(false);
    // A timeout with a replacement waiting: the contact makes room at once.
    expect(table.failed(b.id, false)).toBe(true);
    expect(table.has(c.id)).toBe(true);
    expect(table.get(c.id)).toBe(c);
    // Without replacements, a contact survives one timeout but not two; unreachable is definitive.
    expect(table.failed(a.id, false)).toBe(false);
    expect(table.failed(a.id, false)).toBe(true);
    expect(table.failed(c.id, true)).toBe(true);
    expect(table.size).toBe(0);
  });

  it('ignores its own id and tracks stale buckets', () => {
    const self = randomSeed(rng);
    const table = new RoutingTable(self, 20, 2, 2);
    expect(table.seen(plainContacts.fromNodeId(self), 0)).toBe('self');
    table.seen(plainContacts.fromNodeId(randomIdWithPrefix(self, 3, rng)), 0);
    expect(table.depth).toBe(4);
    expect(table.staleBuckets(10)).toEqual([0, 1, 2, 3]);
    table.touch(randomIdWithPrefix(self, 1, rng), 100);
    expect(table.staleBuckets(10)).toEqual([0, 2, 3]);
    table.touchAll(4, 200);
    expect(table.staleBuckets(150)).toEqual([]);
  });

  it('keeps excluded peers out, removing them if they were in', () => {
    const self = randomSeed(rng);
    const table = new RoutingTable(self, 20, 2, 2);
    const [a, b] = [plainContacts.fromNodeId(randomSeed(rng)), plainContacts.fromNodeId(randomSeed(rng))];
    expect(table.seen(a, 0)).toBe('added');
    table.exclude([a.id, b.id]);
    expect(table.has(a.id)).toBe(false);
    expect(table.seen(a, 1)).toBe('excluded');
    expect(table.seen(b, 1)).toBe('excluded');
    expect(table.size).toBe(0);
    expect(table.isExcluded(b.id)).toBe(true);
  });
});
