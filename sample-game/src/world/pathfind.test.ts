import { describe, expect, it } from 'vitest';
import { doorAt } from './map';
import { HOUSE, TOWN } from './maps';
import { moveBody, type Point, SPEED_SUB_PER_MS, SUB } from './movement';
import { findPath, intentToward, PathWalker } from './pathfind';
import { asciiMap } from './test-support';

/** Walks a path the way the game does: one intent per round of `roundMs`, the room's movement. */
function walk(map = TOWN.map, from: Point, to: Point, roundMs: number): { at: Point; rounds: number } {
  const path = findPath(map, from, to);
  if (path === undefined) throw new Error('no path');
  const walker = new PathWalker(path);
  const deadZone = (SPEED_SUB_PER_MS * roundMs) / SUB / 2 + 1;
  let at = from;
  let rounds = 0;
  while (!walker.done && rounds < 5000) {
    const i = walker.intent(at, deadZone);
    at = moveBody(map, at, i.dx, i.dy, roundMs);
    rounds++;
  }
  return { at, rounds };
}

describe('click-to-move', () => {
  it('walks from the square to the house door around the well and through the flower beds', () => {
    const start = TOWN.map.spawns.find((s) => s.id === 'square')!;
    const door = TOWN.map.doors.find((d) => d.zone === 'house')!;
    const target = { x: door.x + door.width / 2, y: door.y + door.height / 2 };
    for (const roundMs of [33, 50, 100]) {
      const { at } = walk(TOWN.map, start, target, roundMs);
      expect(doorAt(TOWN.map, at.x, at.y), `round ${roundMs} ms`).toBe(door);
    }
  });

  it('reaches the far side of a wall by going around it', () => {
    const map = asciiMap(['.........', '.S..#....', '....#....', '....#....', '.........']);
    const { at } = walk(map, { x: 48, y: 48 }, { x: 7 * 32 + 16, y: 48 }, 50);
    expect(Math.abs(at.x - (7 * 32 + 16))).toBeLessThanOrEqual(6);
    expect(Math.abs(at.y - 48)).toBeLessThanOrEqual(6);
  });

  it('refuses a target nobody can reach, and aims next to a clicked wall', () => {
    const map = asciiMap(['S..#....', '...#.##.', '...#.#..', '...#.###']);
    // The pocket at (6, 2) is walled in; the open tile (4, 1) behind the wall too.
    expect(findPath(map, { x: 16, y: 16 }, { x: 6 * 32 + 16, y: 2 * 32 + 16 })).toBeUndefined();
    expect(findPath(map, { x: 16, y: 16 }, { x: 4 * 32 + 16, y: 48 })).toBeUndefined();
    const near = findPath(map, { x: 16, y: 16 }, { x: 3 * 32 + 16, y: 16 });
    expect(near?.at(-1)).toEqual({ x: 2 * 32 + 16, y: 16 });
  });

  it('reaches the house chest from the entrance', () => {
    const entrance = HOUSE.map.spawns[0]!;
    const chest = HOUSE.map.chests[0]!;
    const { at } = walk(HOUSE.map, entrance, { x: chest.x, y: chest.y + 32 }, 50);
    expect(Math.abs(at.x - chest.x)).toBeLessThanOrEqual(48);
    expect(Math.abs(at.y - chest.y)).toBeLessThanOrEqual(48);
  });

  it('arrives from every spawn at every chest and door, whatever the round length', () => {
    // A waypoint counts as reached within half a round's step, so the body can start the next
    // leg off the corridor's middle; at 100 ms it used to stick for good against the corner
    // below the north chest's lane (the walk never ended).
    const stuck: string[] = [];
    for (const { def, map } of [TOWN, HOUSE]) {
      const targets = [
        ...map.chests.flatMap((c) => [
          { x: c.x - 24, y: c.y + 28 },
          { x: c.x + 24, y: c.y + 28 },
        ]),
        ...map.doors.map((d) => ({ x: d.x + d.width / 2, y: d.y + d.height / 2 })),
      ];
      for (const spawn of map.spawns) {
        for (const to of targets) {
          if (findPath(map, spawn, to) === undefined) continue;
          for (let roundMs = 20; roundMs <= 200; roundMs += 4) {
            const { rounds } = walk(map, spawn, to, roundMs);
            if (rounds >= 5000) stuck.push(`${def.name} ${spawn.id} -> (${to.x}, ${to.y}) at ${roundMs} ms`);
          }
        }
      }
    }
    expect(stuck).toEqual([]);
  });

  it('intentToward ignores an axis within the dead zone', () => {
    expect(intentToward({ x: 0, y: 0 }, { x: 10, y: -3 }, 4)).toEqual({ dx: 1, dy: 0 });
    expect(intentToward({ x: 0, y: 0 }, { x: -5, y: 5 }, 4)).toEqual({ dx: -1, dy: 1 });
  });
});
