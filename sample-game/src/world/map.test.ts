import { describe, expect, it } from 'vitest';
import { doorAt, type GameMap, nearestDoor, parseMap, solidAt, spawnOf } from './map';
import { HOUSE, TOWN, ZONES } from './maps';
import { bodyFits } from './movement';

/** Tiles reachable on foot from (tx, ty), 4-connected. */
function reachable(map: GameMap, tx: number, ty: number): Set<number> {
  const seen = new Set<number>([ty * map.width + tx]);
  const queue = [[tx, ty] as const];
  for (let i = 0; i < queue.length; i++) {
    const [x, y] = queue[i]!;
    for (const [nx, ny] of [
      [x + 1, y],
      [x - 1, y],
      [x, y + 1],
      [x, y - 1],
    ] as const) {
      const k = ny * map.width + nx;
      if (!solidAt(map, nx, ny) && !seen.has(k)) {
        seen.add(k);
        queue.push([nx, ny]);
      }
    }
  }
  return seen;
}

const tileOf = (map: GameMap, x: number, y: number): number =>
  Math.floor(y / map.tileSize) * map.width + Math.floor(x / map.tileSize);

describe.each([...ZONES.values()])('the $def.name map', ({ map, def }) => {
  const start = map.spawns[0]!;
  const area = reachable(map, Math.floor(start.x / map.tileSize), Math.floor(start.y / map.tileSize));

  it('is the zone it defines, with the bounds of its tiles', () => {
    expect(def).toEqual({ name: map.name, bounds: { x: 0, y: 0, width: map.width * 32, height: map.height * 32 } });
  });

  it('has every spawn where an avatar fits, reachable, and outside every door', () => {
    for (const s of map.spawns) {
      expect(bodyFits(map, s), s.id).toBe(true);
      expect(area.has(tileOf(map, s.x, s.y)), s.id).toBe(true);
      expect(doorAt(map, s.x, s.y), s.id).toBeUndefined();
    }
  });

  it('has every door on reachable tiles, leading to a spawn of another zone', () => {
    expect(map.doors.length).toBeGreaterThan(0);
    for (const d of map.doors) {
      const target = ZONES.get(d.zone);
      expect(
        target?.map.spawns.some((s) => s.id === d.spawn),
        d.id,
      ).toBe(true);
      const cx = d.x + d.width / 2;
      const cy = d.y + d.height / 2;
      expect(area.has(tileOf(map, cx, cy)), d.id).toBe(true);
      expect(bodyFits(map, { x: cx, y: cy }), d.id).toBe(true);
    }
  });

  it('has every chest solid, with a reachable tile within reach', () => {
    expect(map.chests.length).toBeGreaterThan(0);
    for (const c of map.chests) {
      expect(solidAt(map, Math.floor(c.x / 32), Math.floor(c.y / 32)), c.id).toBe(true);
      // Standing on a neighbouring tile puts the feet 32 px from the chest: within CHEST_REACH.
      const spots = [
        [c.x, c.y + 32],
        [c.x, c.y - 32],
        [c.x + 32, c.y],
        [c.x - 32, c.y],
      ].filter(([x, y]) => area.has(tileOf(map, x!, y!)) && bodyFits(map, { x: x!, y: y! }));
      expect(spots.length, c.id).toBeGreaterThan(0);
    }
  });
});

describe('maps', () => {
  it('town and house are the sizes of the brief, and the doors connect them both ways', () => {
    expect([TOWN.map.width, TOWN.map.height]).toEqual([96, 72]);
    expect([HOUSE.map.width, HOUSE.map.height]).toEqual([20, 14]);
    expect(TOWN.map.chests.length).toBeGreaterThanOrEqual(4);
    expect(TOWN.map.doors.map((d) => d.zone)).toContain('house');
    expect(HOUSE.map.doors.map((d) => d.zone)).toContain('town');
    expect(spawnOf(TOWN.map, 'nope')).toBe(TOWN.map.spawns[0]);
    expect(nearestDoor(HOUSE.map, HOUSE.map.spawns[0]!)?.zone).toBe('town');
  });

  it('parseMap names what is wrong', () => {
    const good = { ...JSON.parse(JSON.stringify(HOUSE_JSON)) };
    expect(() => parseMap({ ...good, width: 3 })).toThrow(/layers.ground\[0\] must have 3 tiles/);
    expect(() => parseMap({ ...good, collision: good.collision.slice(1) })).toThrow(/collision must have 14 rows/);
    expect(() => parseMap({ ...good, spawns: [] })).toThrow(/at least one spawn/);
    expect(() => parseMap({ ...good, chests: [...good.chests, ...good.chests] })).toThrow(/chest ids must be unique/);
    expect(() => parseMap(null)).toThrow(/map must be an object/);
  });
});

const HOUSE_JSON = {
  name: HOUSE.map.name,
  tileSize: 32,
  width: HOUSE.map.width,
  height: HOUSE.map.height,
  tileset: HOUSE.map.tileset,
  layers: { ground: HOUSE.map.ground, decoration: HOUSE.map.decoration },
  collision: Array.from({ length: HOUSE.map.height }, (_, y) =>
    Array.from({ length: HOUSE.map.width }, (_, x) => (solidAt(HOUSE.map, x, y) ? '#' : '.')).join(''),
  ),
  spawns: HOUSE.map.spawns,
  doors: HOUSE.map.doors,
  chests: HOUSE.map.chests,
};
