/**
 * Builds a map (two tile layers, a collision grid and objects) and writes it as JSON in the
 * format the game reads (`sample-game/src/world/map.ts` parses and checks it):
 *
 *   { name, tileSize, width, height, tileset: { image, columns, count },
 *     layers: { ground: number[][], decoration: number[][] (-1 = empty) },
 *     collision: string[] ('#' blocked, '.' free, one string per row),
 *     spawns: [{ id, x, y }], doors: [{ id, x, y, width, height, zone, spawn }], chests: [{ id, x, y }] }
 *
 * Object coordinates are pixels: spawns are feet positions, doors are rectangles, chests are the
 * centre of their (blocked) tile.
 */
import { CELL_PX } from './canvas';
import { SOLID, TILE_COLUMNS, TILE_COUNT, type TileId } from './tiles';

/** A spawn point: where an avatar's feet appear. */
export interface SpawnPoint {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

/** A door: stepping into its rectangle moves the player to `spawn` of `zone`. */
export interface DoorObject {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly zone: string;
  readonly spawn: string;
}

/** A chest, at the centre of its tile. */
export interface ChestObject {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

/** The JSON written for a map. */
export interface MapJson {
  readonly name: string;
  readonly tileSize: number;
  readonly width: number;
  readonly height: number;
  readonly tileset: { readonly image: string; readonly columns: number; readonly count: number };
  readonly layers: { readonly ground: number[][]; readonly decoration: number[][] };
  readonly collision: string[];
  readonly spawns: SpawnPoint[];
  readonly doors: DoorObject[];
  readonly chests: ChestObject[];
}

/** A map under construction: tile coordinates unless a method says pixels. */
export class MapBuilder {
  readonly ground: number[][];
  readonly decoration: number[][];
  readonly #blocked: boolean[][];
  readonly #spawns: SpawnPoint[] = [];
  readonly #doors: DoorObject[] = [];
  readonly #chests: ChestObject[] = [];

  constructor(
    readonly name: string,
    readonly width: number,
    readonly height: number,
    fill: TileId,
  ) {
    this.ground = Array.from({ length: height }, () => new Array<number>(width).fill(fill));
    this.decoration = Array.from({ length: height }, () => new Array<number>(width).fill(-1));
    this.#blocked = Array.from({ length: height }, () => new Array<boolean>(width).fill(false));
  }

  inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** Sets a ground tile and clears any decoration there. */
  setGround(x: number, y: number, tile: TileId): void {
    if (!this.inside(x, y)) return;
    this.ground[y]![x] = tile;
    this.decoration[y]![x] = -1;
  }

  /** Sets (or with -1 clears) a decoration tile. */
  setDecoration(x: number, y: number, tile: TileId | -1): void {
    if (this.inside(x, y)) this.decoration[y]![x] = tile;
  }

  groundAt(x: number, y: number): number {
    return this.ground[y]?.[x] ?? -1;
  }

  decorationAt(x: number, y: number): number {
    return this.decoration[y]?.[x] ?? -1;
  }

  /** Fills a rectangle of ground (clearing decoration). */
  fillGround(x: number, y: number, w: number, h: number, tile: TileId): void {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) this.setGround(i, j, tile);
  }

  /** Marks a tile blocked whatever its tiles are (chests, invisible walls). */
  block(x: number, y: number): void {
    if (this.inside(x, y)) this.#blocked[y]![x] = true;
  }

  /** Whether an avatar can stand on the tile. */
  walkable(x: number, y: number): boolean {
    if (!this.inside(x, y) || this.#blocked[y]![x]) return false;
    return !SOLID.has(this.groundAt(x, y)) && !SOLID.has(this.decorationAt(x, y));
  }

  /** Adds a spawn point at pixel position (x, y). */
  spawnAt(id: string, x: number, y: number): void {
    this.#spawns.push({ id, x, y });
  }

  /** Adds a door over tiles [x, x + w) x [y, y + h) leading to `spawn` of `zone`. */
  door(id: string, x: number, y: number, w: number, h: number, zone: string, spawn: string): void {
    this.#doors.push({ id, x: x * CELL_PX, y: y * CELL_PX, width: w * CELL_PX, height: h * CELL_PX, zone, spawn });
  }

  /** Places a chest on tile (x, y); the tile becomes blocked and loses its decoration. */
  chest(id: string, x: number, y: number): void {
    this.setDecoration(x, y, -1);
    this.block(x, y);
    this.#chests.push({ id, x: x * CELL_PX + CELL_PX / 2, y: y * CELL_PX + CELL_PX / 2 });
  }

  build(): MapJson {
    const collision = this.ground.map((row, y) => row.map((_, x) => (this.walkable(x, y) ? '.' : '#')).join(''));
    return {
      name: this.name,
      tileSize: CELL_PX,
      width: this.width,
      height: this.height,
      tileset: { image: 'tiles.png', columns: TILE_COLUMNS, count: TILE_COUNT },
      layers: { ground: this.ground, decoration: this.decoration },
      collision,
      spawns: [...this.#spawns],
      doors: [...this.#doors],
      chests: [...this.#chests],
    };
  }
}

/**
 * Serialises a map with one tile row per line (readable diffs, stable bytes): `JSON.stringify`
 * of the whole, with the row arrays kept on single lines.
 */
export function mapToJson(map: MapJson): string {
  const rows = (grid: readonly (readonly number[])[]): string =>
    `[\n${grid.map((r) => `      ${JSON.stringify(r)}`).join(',\n')}\n    ]`;
  const list = (items: readonly unknown[]): string =>
    items.length === 0 ? '[]' : `[\n${items.map((i) => `    ${JSON.stringify(i)}`).join(',\n')}\n  ]`;
  return `${[
    '{',
    `  "name": ${JSON.stringify(map.name)},`,
    `  "tileSize": ${map.tileSize},`,
    `  "width": ${map.width},`,
    `  "height": ${map.height},`,
    `  "tileset": ${JSON.stringify(map.tileset)},`,
    '  "layers": {',
    `    "ground": ${rows(map.layers.ground)},`,
    `    "decoration": ${rows(map.layers.decoration)}`,
    '  },',
    `  "collision": ${list(map.collision)},`,
    `  "spawns": ${list(map.spawns)},`,
    `  "doors": ${list(map.doors)},`,
    `  "chests": ${list(map.chests)}`,
    '}',
  ].join('\n')}\n`;
}
