/**
 * The house interior, its own zone of 20x14 tiles: wooden floor, walls, bookshelves, a bed, a
 * table, a rug, a chest in the corner, and the exit mat in the south wall that leads back to
 * the town, in front of the house's door.
 */
import { CELL_PX } from './canvas';
import { MapBuilder, type MapJson } from './map-builder';
import { TILE } from './tiles';

/** House width in tiles. */
export const HOUSE_WIDTH = 20;
/** House height in tiles. */
export const HOUSE_HEIGHT = 14;

/** Builds the house interior. */
export function buildHouse(): MapJson {
  const w = HOUSE_WIDTH;
  const h = HOUSE_HEIGHT;
  const m = new MapBuilder('house', w, h, TILE.FloorWood);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (y < 2 || x === 0 || x === w - 1 || y === h - 1) m.setGround(x, y, TILE.WallInside);
    }
  }
  const exitX = w / 2 - 1;
  m.setGround(exitX, h - 1, TILE.ExitMat);
  m.setGround(exitX + 1, h - 1, TILE.ExitMat);
  m.door('exit', exitX, h - 1, 2, 1, 'town', 'house-door');
  m.spawnAt('entrance', (exitX + 1) * CELL_PX, (h - 3) * CELL_PX + CELL_PX / 2);

  m.fillGround(7, 5, 6, 4, TILE.Rug);
  for (let x = 2; x <= 5; x++) m.setDecoration(x, 2, TILE.Shelf);
  m.setDecoration(15, 2, TILE.Shelf);
  m.setDecoration(16, 3, TILE.Bed);
  m.setDecoration(17, 3, TILE.Bed);
  m.setDecoration(3, 7, TILE.Table);
  m.setDecoration(4, 7, TILE.Table);
  m.setDecoration(17, 11, TILE.Crate);
  m.setDecoration(17, 10, TILE.Crate);
  m.setDecoration(1, 11, TILE.Crate);
  m.chest('cellar', 17, 7);
  return m.build();
}
