import { describe, expect, it } from 'vitest';
import { mergedAt } from './merge-view';

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
