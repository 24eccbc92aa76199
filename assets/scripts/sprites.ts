/**
 * Sprites: the avatar (two sheets with the same frames: `avatar.png` holds skin, hair, eyes and
 * outline; `avatar-tint.png` holds the clothes in light greys, which the game tints per player),
 * the chest (closed / open), the items (gem, apple, coin) and the door marker.
 */
import { createSheet, pen, rgb, type Sheet } from './canvas';
import type { Rgba } from './png';

/** Avatar sheet rows, in this order: facing down, left, right, up. Columns: stand, step A, step B. */
export const AVATAR_DIRECTIONS = ['down', 'left', 'right', 'up'] as const;
/** Walk frames per direction. */
export const AVATAR_FRAMES = 3;

const FRONT = [
  '................',
  '......oooo......',
  '.....ohhhho.....',
  '....ohhhhhho....',
  '....ohssssho....',
  '....osesseso....',
  '....osssssso....',
  '.....osssso.....',
  '....obbbbbbo....',
  '...osbbbbbbso...',
  '...osbbwwbbso...',
  '....obbbbbbo....',
  '....ollllllo....',
];
const BACK = [
  '................',
  '......oooo......',
  '.....ohhhho.....',
  '....ohhhhhho....',
  '....ohhhhhho....',
  '....ohhhhhho....',
  '....ohhhhhho....',
  '.....ohhhho.....',
  '....obbbbbbo....',
  '...osbbbbbbso...',
  '...osbbbbbbso...',
  '....obbbbbbo....',
  '....ollllllo....',
];
const SIDE = [
  '................',
  '......oooo......',
  '.....ohhhho.....',
  '....ohhhhhho....',
  '....osshhhho....',
  '....oesshhho....',
  '....osssshho....',
  '.....osssso.....',
  '.....obbbbo.....',
  '....obbbsdo.....',
  '....obbbsdo.....',
  '.....obbbbo.....',
  '.....ollllo.....',
];
/** Legs (rows 13..15) for stand, step A, step B. */
const FRONT_LEGS = [
  ['....oll..llo....', '....off..ffo....', '....ooo..ooo....'],
  ['....oll..llo....', '....oll..ffo....', '....off..ooo....'],
  ['....oll..llo....', '....off..llo....', '....ooo..ffo....'],
];
const SIDE_LEGS = [
  ['.....ollllo.....', '.....offffo.....', '.....oooooo.....'],
  ['....olo..lo.....', '...ofo....fo....', '...oo.....oo....'],
  ['.....ol.llo.....', '.....ofofo......', '......ooo.......'],
];

const BASE: Readonly<Record<string, Rgba>> = {
  o: rgb(0x22202c),
  h: rgb(0x7a4a2a),
  s: rgb(0xf0c4a0),
  e: rgb(0x1e1e3c),
  f: rgb(0x4a3a30),
  w: rgb(0xe8c050),
};
const CLOTHES: Readonly<Record<string, Rgba>> = {
  b: rgb(0xf6f6f6),
  d: rgb(0xc8c8d2),
  l: rgb(0xa8a8b6),
};

function avatarFrames(palette: Readonly<Record<string, Rgba>>): Sheet {
  const sheet = createSheet(AVATAR_FRAMES, AVATAR_DIRECTIONS.length);
  AVATAR_DIRECTIONS.forEach((dir, row) => {
    for (let frame = 0; frame < AVATAR_FRAMES; frame++) {
      const body = dir === 'down' ? FRONT : dir === 'up' ? BACK : SIDE;
      const legs = (dir === 'down' || dir === 'up' ? FRONT_LEGS : SIDE_LEGS)[frame] ?? [];
      // Side frames are drawn facing left; facing right is the mirror image.
      pen(sheet, row * AVATAR_FRAMES + frame).map([...body, ...legs], palette, dir === 'right');
    }
  });
  return sheet;
}

/** The avatar's untinted parts: outline, hair, skin, eyes, shoes, buckle. */
export function drawAvatarBase(): Sheet {
  return avatarFrames(BASE);
}

/** The avatar's clothes in light greys: tinted per player by the game. */
export function drawAvatarTint(): Sheet {
  return avatarFrames(CLOTHES);
}

const CHEST_PALETTE: Readonly<Record<string, Rgba>> = {
  o: rgb(0x2a1608),
  b: rgb(0xb07030),
  l: rgb(0xd09050),
  g: rgb(0xd8b040),
  k: rgb(0x6a5010),
  y: rgb(0xf8e070),
  w: rgb(0x9a5a28),
  d: rgb(0x6a3a18),
  x: rgb(0x2a1a10),
};

/** Chest frames: 0 closed, 1 open (and empty). */
export function drawChest(): Sheet {
  const sheet = createSheet(2, 1);
  const body = [
    '..owwwwkkwwwwo..',
    '..owwwwyywwwwo..',
    '..owwwwkkwwwwo..',
    '..oggggggggggo..',
    '..owwwwwwwwwwo..',
    '..oddddddddddo..',
    '...oooooooooo...',
  ];
  pen(sheet, 0).map(
    [
      '................',
      '................',
      '................',
      '...oooooooooo...',
      '..obbbbbbbbbbo..',
      '..obllllllllbo..',
      '..obbbbbbbbbbo..',
      '..oggggggggggo..',
      ...body,
    ],
    CHEST_PALETTE,
  );
  pen(sheet, 1).map(
    [
      '...oooooooooo...',
      '..obllllllllbo..',
      '..obbbbbbbbbbo..',
      '..oddddddddddo..',
      '..oxxxxxxxxxxo..',
      '..oxxxxxxxxxxo..',
      '..oxxxxxxxxxxo..',
      '..oggggggggggo..',
      ...body,
    ],
    CHEST_PALETTE,
  );
  return sheet;
}

/** Item kinds in `items.png`, one cell each, in this order. */
export const ITEM_KINDS = ['gem', 'apple', 'coin'] as const;

/** The item icons: gem, apple, coin. */
export function drawItems(): Sheet {
  const sheet = createSheet(ITEM_KINDS.length, 1);
  pen(sheet, 0).map(
    [
      '................',
      '................',
      '................',
      '.....oooooo.....',
      '....oLlcccdo....',
      '...oLllccccdo...',
      '..oooooooooooo..',
      '...ollccccddo...',
      '....olcccddo....',
      '.....occcdo.....',
      '......ocdo......',
      '.......oo.......',
    ],
    { o: rgb(0x1a2a5a), L: rgb(0xffffff), l: rgb(0xa8f0ff), c: rgb(0x40c8f0), d: rgb(0x2080c0) },
  );
  pen(sheet, 1).map(
    [
      '................',
      '................',
      '.......b........',
      '.......bgg......',
      '....ooobooo.....',
      '...orrLrrrrro...',
      '..orrLLrrrrrdo..',
      '..orrLrrrrrrdo..',
      '..orrrrrrrrrdo..',
      '..orrrrrrrrddo..',
      '...orrrrrrddo...',
      '....oddoddo.....',
      '.....oo.oo......',
    ],
    { o: rgb(0x3a0a10), b: rgb(0x5a3a1a), g: rgb(0x50b040), r: rgb(0xe03a3a), L: rgb(0xffb0a8), d: rgb(0xa02028) },
  );
  pen(sheet, 2).map(
    [
      '................',
      '................',
      '................',
      '.....oooooo.....',
      '....oyyyyyyo....',
      '...oyLyyyyydo...',
      '...oyLyddyydo...',
      '...oyLydyyydo...',
      '...oyyyddyydo...',
      '...oyyyyydydo...',
      '...oyyyddyydo...',
      '....oyyyyydo....',
      '.....oooooo.....',
    ],
    { o: rgb(0x4a3000), y: rgb(0xf8d040), L: rgb(0xfff4b0), d: rgb(0xc09010) },
  );
  return sheet;
}

/** A soft glowing mat with an arrow: drawn on every door so players see where to step. */
export function drawDoorMarker(): Sheet {
  const sheet = createSheet(1, 1);
  const glow: Rgba = [255, 236, 140, 110];
  const edge: Rgba = [255, 246, 200, 190];
  pen(sheet, 0).map(
    [
      '................',
      '................',
      '...eeeeeeeeee...',
      '..eggggggggggge.',
      '..egggggAggggge.',
      '..eggggAAAgggge.',
      '..egggAAAAAggge.',
      '..eggAAAAAAAgge.',
      '..eggggAAAgggge.',
      '..eggggAAAgggge.',
      '..eggggAAAgggge.',
      '..egggggggggge..',
      '...eeeeeeeeee...',
      '................',
    ],
    { e: edge, g: glow, A: [255, 255, 255, 230] },
  );
  return sheet;
}
