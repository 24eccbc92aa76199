import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOWN } from './maps';
import {
  BODY_HALF_HEIGHT,
  BODY_HALF_WIDTH,
  bodyFits,
  CORNER_ASSIST_PX,
  MAX_STEP_MS,
  moveBody,
  SPEED_PX_PER_S,
} from './movement';
import { asciiMap } from './test-support';

// 8 x 6 tiles: a wall column at x = 5, a wall row at y = 0 and 5 (the border), a pillar at (2, 2).
const room = asciiMap(['########', '#....#.#', '#.#..#.#', '#....#.#', '#S.....#', '########']);
const start = { x: 1 * 32 + 16, y: 4 * 32 + 16 };

describe('moveBody', () => {
  it('walks at the same speed whatever the round length', () => {
    let a = start;
    for (let i = 0; i < 8; i++) a = moveBody(room, a, 1, 0, 25);
    let b = start;
    for (let i = 0; i < 2; i++) b = moveBody(room, b, 1, 0, 100);
    expect(a).toEqual(b);
    expect(a.x - start.x).toBe((SPEED_PX_PER_S * 200) / 1000);
    expect(a.y).toBe(start.y);
  });

  it('is not faster on a diagonal', () => {
    const open = asciiMap(['..........', '..........', '....S.....', '..........', '..........']);
    const p = { x: 160, y: 80 };
    const d = moveBody(open, p, 1, 1, 100);
    const straight = moveBody(open, p, 1, 0, 100);
    const diagonal = Math.hypot(d.x - p.x, d.y - p.y);
    expect(diagonal).toBeLessThanOrEqual(straight.x - p.x);
    expect(diagonal).toBeGreaterThan((straight.x - p.x) * 0.99);
  });

  it('stops flush against a wall and slides along it', () => {
    // Walk right along row 3 into the wall column at x = 5 (pixels 160..192).
    let p = { x: 4 * 32 + 16, y: 3 * 32 + 16 };
    for (let i = 0; i < 10; i++) p = moveBody(room, p, 1, 0, 50);
    expect(p.x).toBe(5 * 32 - BODY_HALF_WIDTH);
    // Pushing diagonally into the same wall still moves along it.
    const slid = moveBody(room, p, 1, 1, 50);
    expect(slid.x).toBe(p.x);
    expect(slid.y).toBeGreaterThan(p.y);
  });

  it('stops against the wall above and the border below', () => {
    let up = { x: 3 * 32 + 16, y: 3 * 32 + 16 };
    for (let i = 0; i < 20; i++) up = moveBody(room, up, 0, -1, 50);
    expect(up.y).toBe(32 + BODY_HALF_HEIGHT);
    let down = start;
    for (let i = 0; i < 20; i++) down = moveBody(room, down, 0, 1, 50);
    expect(down.y).toBe(5 * 32 - BODY_HALF_HEIGHT);
  });

  it('slides around a corner it overlaps by a little, not one it overlaps by a lot', () => {
    // A one-tile gap at x = 3 in the wall row y = 2; the avatar below it, off the gap's middle.
    const gap = asciiMap(['........', '........', '###.####', '........', '...S....']);
    const middle = 3 * 32 + 16;
    for (const off of [-CORNER_ASSIST_PX + 6, -8, 8, CORNER_ASSIST_PX - 6]) {
      let p = { x: middle + off, y: 4 * 32 + 16 };
      for (let i = 0; i < 20; i++) p = moveBody(gap, p, 0, -1, 50);
      expect(p.y, `offset ${off}`).toBeLessThan(2 * 32);
      expect(bodyFits(gap, p)).toBe(true);
    }
    // Half a tile and more off: the wall holds, and the avatar does not drift along it.
    let far = { x: middle + 32, y: 4 * 32 + 16 };
    for (let i = 0; i < 20; i++) far = moveBody(gap, far, 0, -1, 50);
    expect(far).toEqual({ x: middle + 32, y: 3 * 32 + BODY_HALF_HEIGHT });
  });

  it('caps a long stall at MAX_STEP_MS of walking', () => {
    const open = asciiMap([`S${'.'.repeat(40)}`]);
    const p = { x: 16, y: 16 };
    expect(moveBody(open, p, 1, 0, 10_000)).toEqual(moveBody(open, p, 1, 0, MAX_STEP_MS));
  });

  it('ignores bad time values and zero intent', () => {
    expect(moveBody(room, start, 1, 0, Number.NaN)).toEqual(start);
    expect(moveBody(room, start, 1, 0, -50)).toEqual(start);
    expect(moveBody(room, start, 0, 0, 50)).toEqual(start);
  });

  it('never ends inside a wall of the town, whatever the walk', () => {
    const spawn = TOWN.map.spawns[0]!;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 0, max: 400 })),
          { maxLength: 60 },
        ),
        (walk) => {
          let p = { x: spawn.x, y: spawn.y };
          for (const [dx, dy, dt] of walk) {
            p = moveBody(TOWN.map, p, dx, dy, dt);
            expect(bodyFits(TOWN.map, p)).toBe(true);
            // Positions stay on the 1/16 px grid, so every browser stores the same numbers.
            expect(Number.isInteger(p.x * 16) && Number.isInteger(p.y * 16)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
