import { describe, expect, it } from 'vitest';
import { RoundMap } from './round-map';

describe('RoundMap', () => {
  it('keeps a group rising above everything shown unshifted, and shifts a group counting lower', () => {
    const m = new RoundMap<object>();
    const a = {};
    const b = {};
    const c = {};
    expect([100, 101, 102].map((q) => m.toGame(a, q))).toEqual([100, 101, 102]);
    // A handoff into a group founded later: its rounds start at 3.
    expect(m.toGame(b, 3)).toBe(103);
    expect(m.toGame(b, 4)).toBe(104);
    expect(m.toGroup(b, 104)).toBe(4);
    // A split child continues its parent's numbering above what was shown: no shift.
    expect(m.toGame(c, 500)).toBe(500);
    expect(m.offsetOf(c)).toBe(0);
    expect(m.toGroup({}, 5)).toBeUndefined();
  });
});
