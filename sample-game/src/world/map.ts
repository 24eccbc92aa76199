/**
 * The game's maps as the generator writes them (`assets/scripts/map-builder.ts` documents the
 * JSON), parsed and checked once at start-up. A map that does not parse is a build error, so
 * `parseMap` throws with what is wrong.
 */
/** A spawn point: where an avatar's feet appear (pixels). */
export interface Spawn {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

/** A rectangle in pixels (the shape of the plugin's `Rect`). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A door: a rectangle (pixels) that moves the player to `spawn` of `zone`. */
export interface Door extends Box {
  readonly id: string;
  readonly zone: string;
  readonly spawn: string;
}

/** A chest at the centre of its tile (pixels). */
export interface ChestDef {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

/** A parsed map. */
export interface GameMap {
  /** The zone this map is. */
  readonly name: string;
  readonly tileSize: number;
  /** Size in tiles. */
  readonly width: number;
  readonly height: number;
  readonly tileset: { readonly image: string; readonly columns: number; readonly count: number };
  readonly ground: readonly (readonly number[])[];
  /** -1 where there is no decoration. */
  readonly decoration: readonly (readonly number[])[];
  /** 1 where a tile blocks movement, row-major, width * height. */
  readonly solid: Uint8Array;
  readonly spawns: readonly Spawn[];
  readonly doors: readonly Door[];
  readonly chests: readonly ChestDef[];
  /** The map in pixels. */
  readonly bounds: Box;
}

const ID = /^[A-Za-z0-9_.-]{1,32}$/;

function fail(what: string): never {
  throw new Error(`map: ${what}`);
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be an object`);
  return v as Record<string, unknown>;
}

function int(v: unknown, what: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(`${what} must be an integer >= ${min}`);
  return v;
}

function id(v: unknown, what: string): string {
  if (typeof v !== 'string' || !ID.test(v)) fail(`${what} must be an id of [A-Za-z0-9_.-]{1,32}`);
  return v;
}

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) fail(`${what} must be an array`);
  return v;
}

function grid(v: unknown, what: string, width: number, height: number, min: number, max: number): number[][] {
  const rows = list(v, what);
  if (rows.length !== height) fail(`${what} must have ${height} rows`);
  return rows.map((row, y) => {
    const cells = list(row, `${what}[${y}]`);
    if (cells.length !== width) fail(`${what}[${y}] must have ${width} tiles`);
    return cells.map((t, x) => {
      if (typeof t !== 'number' || !Number.isInteger(t) || t < min || t > max)
        fail(`${what}[${y}][${x}] is not a tile`);
      return t;
    });
  });
}

/** Checks and converts the generator's JSON into a {@link GameMap}; throws an `Error` naming the bad field. */
export function parseMap(json: unknown): GameMap {
  const m = record(json, 'map');
  const name = id(m.name, 'name');
  const tileSize = int(m.tileSize, 'tileSize', 1);
  const width = int(m.width, 'width', 1);
  const height = int(m.height, 'height', 1);
  const ts = record(m.tileset, 'tileset');
  if (typeof ts.image !== 'string') fail('tileset.image must be a string');
  const tileset = {
    image: ts.image,
    columns: int(ts.columns, 'tileset.columns', 1),
    count: int(ts.count, 'tileset.count', 1),
  };
  const layers = record(m.layers, 'layers');
  const ground = grid(layers.ground, 'layers.ground', width, height, 0, tileset.count - 1);
  const decoration = grid(layers.decoration, 'layers.decoration', width, height, -1, tileset.count - 1);
  const collision = list(m.collision, 'collision');
  if (collision.length !== height) fail(`collision must have ${height} rows`);
  const solid = new Uint8Array(width * height);
  collision.forEach((row, y) => {
    if (typeof row !== 'string' || row.length !== width || !/^[.#]*$/.test(row)) fail(`collision[${y}] is malformed`);
    for (let x = 0; x < width; x++) solid[y * width + x] = row[x] === '#' ? 1 : 0;
  });
  const point = (v: unknown, what: string) => {
    const o = record(v, what);
    return { id: id(o.id, `${what}.id`), x: int(o.x, `${what}.x`), y: int(o.y, `${what}.y`) };
  };
  const spawns = list(m.spawns, 'spawns').map((s, i) => point(s, `spawns[${i}]`));
  if (spawns.length === 0) fail('a map needs at least one spawn point');
  const chests = list(m.chests, 'chests').map((c, i) => point(c, `chests[${i}]`));
  const doors = list(m.doors, 'doors').map((d, i): Door => {
    const o = record(d, `doors[${i}]`);
    return {
      ...point(o, `doors[${i}]`),
      width: int(o.width, `doors[${i}].width`, 1),
      height: int(o.height, `doors[${i}].height`, 1),
      zone: id(o.zone, `doors[${i}].zone`),
      spawn: id(o.spawn, `doors[${i}].spawn`),
    };
  });
  for (const [what, items] of [
    ['spawn', spawns],
    ['chest', chests],
    ['door', doors],
  ] as const) {
    if (new Set(items.map((i) => i.id)).size !== items.length) fail(`${what} ids must be unique`);
  }
  const bounds = { x: 0, y: 0, width: width * tileSize, height: height * tileSize };
  return { name, tileSize, width, height, tileset, ground, decoration, solid, spawns, doors, chests, bounds };
}

/** Whether tile (tx, ty) blocks movement; everything outside the map does. */
export function solidAt(map: GameMap, tx: number, ty: number): boolean {
  if (tx < 0 || ty < 0 || tx >= map.width || ty >= map.height) return true;
  return map.solid[ty * map.width + tx] === 1;
}

/** The spawn point `id`, or the map's first one when there is no such spawn. */
export function spawnOf(map: GameMap, spawnId: string): Spawn {
  return map.spawns.find((s) => s.id === spawnId) ?? map.spawns[0]!;
}

/** The door whose rectangle holds the point, if any. */
export function doorAt(map: GameMap, x: number, y: number): Door | undefined {
  return map.doors.find((d) => x >= d.x && x < d.x + d.width && y >= d.y && y < d.y + d.height);
}

/** The door whose centre is nearest to `from`, if the map has any. */
export function nearestDoor(map: GameMap, from: { readonly x: number; readonly y: number }): Door | undefined {
  let best: { door: Door; d: number } | undefined;
  for (const door of map.doors) {
    const d = Math.hypot(door.x + door.width / 2 - from.x, door.y + door.height / 2 - from.y);
    if (best === undefined || d < best.d) best = { door, d };
  }
  return best?.door;
}
