/**
 * The tileset's tile indices: ground tiles (opaque) and decoration tiles (transparent around the
 * object, drawn on a second layer over the ground). `SOLID` lists the tiles an avatar cannot
 * walk through.
 */

/** Tile indices in `tiles.png` (row-major, TILE_COLUMNS per row). */
export const TILE = {
  Grass: 0,
  GrassDark: 1,
  GrassTufts: 2,
  Path: 3,
  Cobble: 4,
  Water: 5,
  Sand: 6,
  ForestFloor: 7,
  Tree: 8,
  Pine: 9,
  Bush: 10,
  Rock: 11,
  Flowers: 12,
  FenceH: 13,
  FenceV: 14,
  Bridge: 15,
  Wall: 16,
  WallWindow: 17,
  Roof: 18,
  RoofEdge: 19,
  Door: 20,
  FloorWood: 21,
  WallInside: 22,
  Rug: 23,
  Table: 24,
  Shelf: 25,
  ExitMat: 26,
  Well: 27,
  Sign: 28,
  Lily: 29,
  Stump: 30,
  Mushrooms: 31,
  FlowersBlue: 32,
  Lamp: 33,
  Crate: 34,
  Bed: 35,
} as const;

/** A tile index. */
export type TileId = (typeof TILE)[keyof typeof TILE];

/** Tiles per row of the tileset image. */
export const TILE_COLUMNS = 8;
/** Number of tiles in the tileset. */
export const TILE_COUNT = Object.keys(TILE).length;

/** Tiles that block movement, on either layer. */
export const SOLID: ReadonlySet<number> = new Set<number>([
  TILE.Water,
  TILE.Lily,
  TILE.Tree,
  TILE.Pine,
  TILE.Bush,
  TILE.Rock,
  TILE.FenceH,
  TILE.FenceV,
  TILE.Wall,
  TILE.WallWindow,
  TILE.Roof,
  TILE.RoofEdge,
  TILE.WallInside,
  TILE.Table,
  TILE.Shelf,
  TILE.Well,
  TILE.Sign,
  TILE.Stump,
  TILE.Lamp,
  TILE.Crate,
  TILE.Bed,
]);
