/**
 * The building tiles: house walls, roof, door, and the interior (floor, walls, rug, table,
 * shelf, exit mat, well, crate, bed).
 */
import { type Pen, rgb } from './canvas';
import { TILE, type TileId } from './tile-ids';
import { noise, planks, roof, wall } from './tile-paint';

/** Paints every building tile; `at(id)` is the pen of tile `id`. */
export function paintBuildings(at: (id: TileId) => Pen): void {
  wall(at(TILE.Wall), false);
  wall(at(TILE.WallWindow), true);
  roof(at(TILE.Roof), false);
  roof(at(TILE.RoofEdge), true);
  const door = at(TILE.Door);
  wall(door, false);
  door.rect(3, 2, 10, 14, rgb(0x5a3a24));
  door.rect(4, 3, 8, 13, rgb(0x8a5a34));
  door.rect(7, 3, 1, 13, rgb(0x6a4428));
  door.rect(10, 9, 1, 2, rgb(0xf0d050));
  planks(at(TILE.FloorWood), rgb(0xb07a48));
  const inside = at(TILE.WallInside);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) inside.dot(x, y, x % 4 < 2 ? rgb(0xa88c70) : rgb(0x9a7e62));
  }
  inside.rect(0, 13, 16, 3, rgb(0x6a4a30));
  inside.rect(0, 13, 16, 1, rgb(0x8a6440));
  const rug = at(TILE.Rug);
  noise(rug, 23, rgb(0x9a3040), [[0.08, rgb(0x8a2838)]]);
  rug.rect(0, 0, 16, 1, rgb(0xe0b050));
  rug.rect(0, 15, 16, 1, rgb(0xe0b050));
  rug.rect(6, 6, 4, 4, rgb(0xe0b050));
  rug.rect(7, 7, 2, 2, rgb(0x9a3040));
  at(TILE.Table).map(
    [
      '................',
      '................',
      '..oooooooooooo..',
      '.olllllllllllllo',
      '.owwwwwwwwwwwwwo',
      '.owwwwwwwwwwwwwo',
      '.owwwwwwwwwwwwwo',
      '.oddddddddddddo.',
      '..od........do..',
      '..od........do..',
      '..od........do..',
      '..oo........oo..',
    ],
    { o: rgb(0x3a2414), l: rgb(0xc08850), w: rgb(0xa87040), d: rgb(0x7a4a24) },
  );
  const shelf = at(TILE.Shelf);
  shelf.rect(1, 0, 14, 16, rgb(0x5a3a20));
  shelf.rect(2, 1, 12, 14, rgb(0x3a2414));
  for (const y of [5, 10, 15]) shelf.rect(1, y, 14, 1, rgb(0x7a5030));
  const books = [0xc84040, 0x4070c8, 0x40a060, 0xe0c050, 0x9050b0];
  for (let i = 0; i < 12; i++) {
    const shelfY = [1, 6, 11][i % 3] ?? 1;
    shelf.rect(2 + Math.floor(i / 3) * 3, shelfY, 2, 4, rgb(books[i % books.length] ?? 0xffffff));
  }
  const mat = at(TILE.ExitMat);
  planks(mat, rgb(0xb07a48));
  mat.rect(2, 3, 12, 10, rgb(0x5a4a8a));
  mat.rect(3, 4, 10, 8, rgb(0x7a6aaa));
  // An arrow pointing out of the house (down).
  for (let i = 0; i < 4; i++) mat.rect(4 + i, 6 + i, 8 - i * 2, 1, rgb(0xe8e0ff));
  at(TILE.Well).map(
    [
      '................',
      '...oooooooooo...',
      '...o.b....b.o...',
      '..ooooooooooooo.',
      '..orrrrrrrrrrro.',
      '....b......b....',
      '....b..hh..b....',
      '..ossssssssssso.',
      '.osswwwwwwwwwsso',
      '.oswwwwlwwwwwwso',
      '.osswwwwwwwwwsso',
      '.osssssssssssso.',
      '.odsdsdsdsdsdso.',
      '.oddddddddddddo.',
      '..oooooooooooo..',
    ],
    {
      o: rgb(0x2a2a32),
      b: rgb(0x6a4a2c),
      r: rgb(0xb04a3a),
      h: rgb(0x8a8a8a),
      s: rgb(0xa6a2aa),
      d: rgb(0x7a7680),
      w: rgb(0x3a78c0),
      l: rgb(0x8ac0f0),
    },
  );
  const crate = at(TILE.Crate);
  crate.rect(2, 3, 12, 12, rgb(0x5a3a20));
  crate.rect(3, 4, 10, 10, rgb(0xb08050));
  for (let i = 0; i < 10; i++) crate.dot(3 + i, 4 + i, rgb(0x7a5434));
  crate.rect(3, 8, 10, 1, rgb(0x7a5434));
  at(TILE.Bed).map(
    [
      '................',
      '.oooooooooooooo.',
      '.owwwwwwwwwwwwo.',
      '.owwwwwwwwwwwwo.',
      '.obbbbbbbbbbbbo.',
      '.obbbbbbbbbbbbo.',
      '.obbbbbbbbbbbbo.',
      '.obbbbbbbbbbbbo.',
      '.obbbbbbbbbbbbo.',
      '.obbbbbbbbbbbbo.',
      '.oddddddddddddo.',
      '.oooooooooooooo.',
      '.o............o.',
    ],
    { o: rgb(0x3a2414), w: rgb(0xf4f0e8), b: rgb(0x4a6ab0), d: rgb(0x344c80) },
  );
}
