import { describe, expect, it } from 'vitest';
import type { Core } from './core';
import { tallyOf } from './evidence';
import type { Epoch } from './schedule';

const epoch = (members: string[]): Epoch => ({ epoch: 1, firstRound: 0, t0: 0, roundMs: 50, k: 2, members });

describe('tallyOf', () => {
  it('keeps counting on the tally of the same epoch', () => {
    const core = { tallies: new Map() } as unknown as Core;
    const t = tallyOf(core, epoch(['a', 'b']), 5);
    t.add(0, Uint8Array.of(7, 7));
    expect(tallyOf(core, epoch(['a', 'b']), 5)).toBe(t);
  });

  it('starts afresh when the epoch known for the round now has other members (learnt late)', () => {
    const core = { tallies: new Map() } as unknown as Core;
    const old = tallyOf(core, epoch(['a', 'b']), 5);
    old.add(0, Uint8Array.of(7, 7));
    const now = tallyOf(core, epoch(['a', 'b', 'c']), 5);
    expect(now).not.toBe(old);
    expect(now.voters).toBe(3);
    expect(now.unknown).toBe(3);
    // Every member of the new epoch has a vote count to read (it threw "not iterable" before).
    expect(now.counts.map((m) => m.size)).toEqual([0, 0, 0]);
  });
});
