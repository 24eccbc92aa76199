import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAll, OUTPUT_FILES } from './build';
import type { MapJson } from './map-builder';

const GENERATED = join(import.meta.dirname, '..', 'generated');

describe('the asset generator', () => {
  const first = generateAll();

  it('gives identical bytes on every run, equal to the committed files', () => {
    const second = generateAll();
    expect([...first.keys()]).toEqual([...OUTPUT_FILES]);
    for (const name of OUTPUT_FILES) {
      expect(Buffer.from(second.get(name)!).equals(Buffer.from(first.get(name)!)), name).toBe(true);
      const committed = readFileSync(join(GENERATED, name));
      expect(
        committed.equals(Buffer.from(first.get(name)!)),
        `${name} is stale: run npx tsx assets/scripts/generate.ts`,
      ).toBe(true);
    }
  });

  const maps = ['maps/town.json', 'maps/house.json'] as const;
  const parsed = new Map(maps.map((m) => [m, JSON.parse(new TextDecoder().decode(first.get(m))) as MapJson]));
  const walkable = (map: MapJson, x: number, y: number): boolean =>
    map.collision[Math.floor(y / map.tileSize)]?.[Math.floor(x / map.tileSize)] === '.';

  it.each(maps)('%s puts every spawn and every door on walkable tiles', (name) => {
    const map = parsed.get(name)!;
    expect(map.spawns.length).toBeGreaterThan(0);
    expect(map.doors.length).toBeGreaterThan(0);
    for (const s of map.spawns) expect(walkable(map, s.x, s.y), `spawn ${s.id}`).toBe(true);
    for (const d of map.doors) {
      for (let y = d.y; y < d.y + d.height; y += map.tileSize) {
        for (let x = d.x; x < d.x + d.width; x += map.tileSize) expect(walkable(map, x, y), `door ${d.id}`).toBe(true);
      }
    }
  });

  it('links the doors both ways: each leads to a spawn that exists in its target map', () => {
    const byName = new Map([...parsed.values()].map((m) => [m.name, m]));
    for (const map of parsed.values()) {
      for (const d of map.doors) {
        expect(
          byName.get(d.zone)?.spawns.map((s) => s.id),
          `${map.name}/${d.id}`,
        ).toContain(d.spawn);
      }
    }
  });

  it('blocks every chest tile and keeps the layers the size of the map', () => {
    for (const map of parsed.values()) {
      for (const c of map.chests) expect(walkable(map, c.x, c.y), c.id).toBe(false);
      expect(map.layers.ground.length).toBe(map.height);
      expect(map.layers.decoration.every((row) => row.length === map.width)).toBe(true);
    }
  });
});
