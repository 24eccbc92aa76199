/**
 * The outdoor tiles: ground (grass, path, cobbles, water, sand, forest floor, bridge) and
 * nature and street decoration (trees, bushes, rocks, flowers, fences, lilies, stumps,
 * mushrooms, a sign, a lamp).
 */
import { type Pen, rgb, shade } from './canvas';
import { TILE, type TileId } from './tile-ids';
import { fence, GRASS, grass, noise, OUTLINE, planks, tree, tufts, water } from './tile-paint';

/** Paints every outdoor tile; `at(id)` is the pen of tile `id`. */
export function paintOutdoor(at: (id: TileId) => Pen): void {
  grass(at(TILE.Grass), 7, GRASS);
  grass(at(TILE.GrassDark), 8, shade(GRASS, -12));
  grass(at(TILE.GrassTufts), 9, GRASS);
  tufts(
    at(TILE.GrassTufts),
    [
      [3, 4],
      [10, 2],
      [7, 10],
      [12, 12],
    ],
    rgb(0x82c468),
  );
  noise(at(TILE.Path), 11, rgb(0xc8a46a), [
    [0.1, rgb(0xb08c58)],
    [0.14, rgb(0x9a7a4c)],
    [0.18, rgb(0xd8b880)],
  ]);
  const cobble = at(TILE.Cobble);
  noise(cobble, 12, rgb(0xa6a2aa), [[0.12, rgb(0xb6b2ba)]]);
  for (let i = 0; i < 16; i++) {
    cobble.dot(i, 0, rgb(0x7a7680));
    cobble.dot(i, 8, rgb(0x7a7680));
    cobble.dot(i < 8 ? 4 : 12, i, rgb(0x7a7680));
  }
  water(at(TILE.Water), 13);
  noise(at(TILE.Sand), 14, rgb(0xe0cc8c), [
    [0.1, rgb(0xcab474)],
    [0.13, rgb(0xf0e0a8)],
  ]);
  noise(at(TILE.ForestFloor), 15, rgb(0x3c6a34), [
    [0.14, rgb(0x335c2c)],
    [0.2, rgb(0x4c7a3c)],
    [0.22, rgb(0x6a5a30)],
  ]);
  tree(at(TILE.Tree), 0x3a8a40, false);
  tree(at(TILE.Pine), 0x2a6a3a, true);
  at(TILE.Bush).map(
    [
      '................',
      '................',
      '................',
      '................',
      '.....oooooo.....',
      '...oogggglgoo...',
      '..oggglllgggdo..',
      '.ogggggglggggdo.',
      '.oggrgggggrggdo.',
      '.ogggggrgggggdo.',
      '.oddgggggggddo..',
      '..ooddddddddo...',
      '....oooooooo....',
    ],
    { o: OUTLINE, g: rgb(0x4a9a44), l: rgb(0x6cbc5c), d: rgb(0x357a34), r: rgb(0xd84a4a) },
  );
  at(TILE.Rock).map(
    [
      '................',
      '................',
      '................',
      '................',
      '................',
      '.....ooooo......',
      '...oollllsoo....',
      '..olllssssssoo..',
      '.ollsssssssssso.',
      '.olsssssssssddo.',
      '.osssssssssdddo.',
      '..oddddddddddo..',
      '...oooooooooo...',
    ],
    { o: rgb(0x2a2a32), l: rgb(0xc0c0c8), s: rgb(0x9a9aa4), d: rgb(0x72727c) },
  );
  const flowerSpots = [
    [2, 3],
    [9, 2],
    [5, 8],
    [12, 7],
    [3, 13],
    [10, 12],
  ] as const;
  for (const [id, colour] of [
    [TILE.Flowers, rgb(0xf06a8a)],
    [TILE.FlowersBlue, rgb(0x7aa0f0)],
  ] as const) {
    const p = at(id);
    for (const [x, y] of flowerSpots) {
      p.dot(x, y + 1, rgb(0x3a7a30));
      p.dot(x - 1, y, colour);
      p.dot(x + 1, y, colour);
      p.dot(x, y - 1, colour);
      p.dot(x, y, rgb(0xf8e060));
    }
  }
  fence(at(TILE.FenceH), true);
  fence(at(TILE.FenceV), false);
  const bridge = at(TILE.Bridge);
  planks(bridge, rgb(0xa8784a));
  bridge.rect(0, 0, 1, 16, rgb(0x5a3a24));
  bridge.rect(15, 0, 1, 16, rgb(0x5a3a24));
  const sign = at(TILE.Sign);
  sign.rect(7, 8, 2, 8, rgb(0x6a4a2c));
  sign.rect(2, 2, 12, 7, rgb(0x3a2414));
  sign.rect(3, 3, 10, 5, rgb(0xc08850));
  sign.rect(4, 4, 6, 1, rgb(0x5a3a24));
  sign.rect(4, 6, 8, 1, rgb(0x5a3a24));
  const lily = at(TILE.Lily);
  water(lily, 29);
  lily.rect(4, 5, 5, 4, rgb(0x4aa04a));
  lily.dot(6, 5, rgb(0x3a78c0));
  lily.dot(6, 6, rgb(0xf090b0));
  at(TILE.Stump).map(
    [
      '................',
      '................',
      '................',
      '................',
      '................',
      '................',
      '....oooooooo....',
      '...olrrrrrrlo...',
      '...orrlllrrro...',
      '...olrrrrrrlo...',
      '...obbbbbbbbo...',
      '...obdbbbdbbo...',
      '..obbbdbbbbdbo..',
      '..oooooooooooo..',
    ],
    { o: rgb(0x2a1a10), l: rgb(0xd0a870), r: rgb(0xb88a58), b: rgb(0x6a4a2c), d: rgb(0x4a3220) },
  );
  const shrooms = at(TILE.Mushrooms);
  for (const [x, y] of [
    [4, 6],
    [10, 4],
    [8, 11],
  ] as const) {
    shrooms.rect(x - 1, y, 3, 1, rgb(0xd84030));
    shrooms.rect(x - 2, y + 1, 5, 1, rgb(0xd84030));
    shrooms.dot(x, y + 1, rgb(0xfff0e0));
    shrooms.rect(x, y + 2, 1, 2, rgb(0xf0e0c8));
  }
  const lamp = at(TILE.Lamp);
  lamp.rect(7, 5, 2, 10, rgb(0x2a2a32));
  lamp.rect(5, 15, 6, 1, rgb(0x2a2a32));
  lamp.rect(5, 1, 6, 5, rgb(0x2a2a32));
  lamp.rect(6, 2, 4, 3, rgb(0xf8e070));
}
