/**
 * The 32x32 tileset `tiles.png`: every tile of `TILE`, painted by the outdoor and building
 * painters into one sheet of TILE_COLUMNS columns.
 */
import { createSheet, type Pen, pen, type Sheet } from './canvas';
import { TILE_COLUMNS, TILE_COUNT, type TileId } from './tile-ids';
import { paintBuildings } from './tiles-buildings';
import { paintOutdoor } from './tiles-outdoor';

/** The tile ids, re-exported for the map builders. */
export { SOLID, TILE, TILE_COLUMNS, TILE_COUNT, type TileId } from './tile-ids';

/** Draws every tile into one sheet. */
export function drawTileset(): Sheet {
  const sheet = createSheet(TILE_COLUMNS, Math.ceil(TILE_COUNT / TILE_COLUMNS));
  const at = (id: TileId): Pen => pen(sheet, id);
  paintOutdoor(at);
  paintBuildings(at);
  return sheet;
}
