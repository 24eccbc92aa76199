import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commitsIn,
  type Epoch,
  epochOf,
  majority,
  reportRoundOf,
  revealRoundOf,
  roundAt,
  roundStart,
  unwrapRound,
} from './schedule';

const e0: Epoch = { epoch: 0, firstRound: 0, t0: 1000, roundMs: 50, k: 2, members: ['a', 'b', 'c'] };
const e1: Epoch = { epoch: 1, firstRound: 32, t0: 1000 + 32 * 50, roundMs: 40, k: 3, members: ['a', 'b', 'c', 'd'] };
const schedule = [e0, e1];

describe('round schedule', () => {
  it('maps rounds to epochs and times, continuously across a change of R', () => {
    expect(epochOf(schedule, 31)).toBe(e0);
    expect(epochOf(schedule, 32)).toBe(e1);
    expect(roundStart(schedule, 31)).toBe(2550);
    expect(roundStart(schedule, 33)).toBe(2640);
    expect(roundAt(schedule, 2639)).toBe(32);
    expect(roundAt(schedule, 2640)).toBe(33);
    expect(roundAt(schedule, 999)).toBe(-1);
  });

  it('stops committing k rounds before a scheduled change', () => {
    expect(commitsIn(schedule, 29)).toBe(true);
    expect(commitsIn(schedule, 30)).toBe(false);
    expect(commitsIn(schedule, 31)).toBe(false);
    expect(commitsIn(schedule, 32)).toBe(true);
  });

  it('reveals round - k of the same epoch, reports round - (2k + 2) on a grid of 4', () => {
    expect(revealRoundOf(schedule, 1)).toBeUndefined();
    expect(revealRoundOf(schedule, 31)).toBe(29);
    expect(revealRoundOf(schedule, 34)).toBeUndefined();
    expect(revealRoundOf(schedule, 35)).toBe(32);
    expect(reportRoundOf(schedule, 5)).toBeUndefined();
    expect(reportRoundOf(schedule, 6)).toBe(0);
    expect(reportRoundOf(schedule, 40)).toBe(32);
    expect(reportRoundOf(schedule, 7)).toBeUndefined();
    expect(reportRoundOf(schedule, 41)).toBeUndefined();
  });

  it('majority is strict', () => {
    expect([1, 2, 3, 4, 5, 16].map(majority)).toEqual([1, 2, 2, 3, 3, 9]);
  });

  it("property: unwrapRound recovers any round within 2^15 of the receiver's", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.integer({ min: -32767, max: 32767 }), (r, off) => {
        const near = Math.max(0, r + off);
        expect(unwrapRound(r & 0xffff, near)).toBe(r);
      }),
    );
  });
});
