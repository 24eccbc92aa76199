import { describe, expect, it } from 'vitest';
import { MergedAtCache, mergedAt } from './merge-view';

describe('mergedAt', () => {
  it('merges the records at a path, the first state holding a key winning', () => {
    const own = { players: { a: { x: 1 }, b: { x: 2 } }, chests: 1 };
    const observed = { players: { b: { x: 99 }, c: { x: 3 } }, chests: 2 };
    expect(mergedAt([own, undefined, observed], ['players'])).toEqual({ a: { x: 1 }, b: { x: 2 }, c: { x: 3 } });
    expect(mergedAt([own, observed], ['chests'])).toBe(1);
    expect(mergedAt([undefined, observed], ['players'])).toBe(observed.players);
    expect(mergedAt([own], ['missing'])).toBeUndefined();
  });
});

describe('MergedAtCache', () => {
  it('gives the same object while the states and path are the same, and a fresh merge when one changes', () => {
    const cache = new MergedAtCache();
    const own = { players: { a: { x: 1 } } };
    const observed = { players: { c: { x: 3 } } };
    const first = cache.at([own, observed], ['players']);
    expect(first).toEqual({ a: { x: 1 }, c: { x: 3 } });
    expect(cache.at([own, observed], ['players'])).toBe(first);
    // An immer update replaces the state object: the merge follows.
    const moved = { players: { a: { x: 2 } } };
    const second = cache.at([moved, observed], ['players']);
    expect(second).not.toBe(first);
    expect(second).toEqual({ a: { x: 2 }, c: { x: 3 } });
    // Another leaf observed (one more state), or another path: merged afresh.
    expect(cache.at([moved, observed, { players: { d: { x: 4 } } }], ['players'])).toEqual({
      a: { x: 2 },
      c: { x: 3 },
      d: { x: 4 },
    });
    expect(cache.at([moved, observed], ['npcs'])).toBeUndefined();
  });
});
