/**
 * Painters shared by the tileset's tiles: noise fills, grass, water, trees, fences, walls, roofs
 * and planks. Each draws into one 16x16 cell through a {@link Pen}.
 */
import { hash, type Pen, rgb, shade } from './canvas';
import type { Rgba } from './png';

/** The dark outline of outdoor objects. */
export const OUTLINE = rgb(0x1e2a1e);

/** Fills the whole cell with `base`, then sprinkles variants where the hash falls under their threshold. */
export function noise(p: Pen, salt: number, base: Rgba, spots: readonly (readonly [number, Rgba])[]): void {
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const n = hash(x, y, salt);
      let colour = base;
      for (const [limit, c] of spots) {
        if (n < limit) {
          colour = c;
          break;
        }
      }
      p.dot(x, y, colour);
    }
  }
}

/** The base grass colour. */
export const GRASS = rgb(0x5a9a48);

/** Grass noise over `base`. */
export function grass(p: Pen, salt: number, base: Rgba): void {
  noise(p, salt, base, [
    [0.1, shade(base, -18)],
    [0.16, shade(base, 16)],
  ]);
}

/** Small grass tufts at the given points. */
export function tufts(p: Pen, at: readonly (readonly [number, number])[], colour: Rgba): void {
  for (const [x, y] of at) {
    p.dot(x, y, colour);
    p.dot(x - 1, y + 1, colour);
    p.dot(x + 1, y + 1, colour);
  }
}

/** Water with a few wave highlights. */
export function water(p: Pen, salt: number): void {
  noise(p, salt, rgb(0x3a78c0), [[0.08, rgb(0x2e64a8)]]);
  for (const [x, y] of [
    [2, 3],
    [9, 7],
    [4, 12],
    [12, 13],
  ] as const) {
    p.rect(x, y, 3, 1, rgb(0x6aa8e4));
  }
}

/** A round tree or a pine, on a transparent background. */
export function tree(p: Pen, canopy: number, pine: boolean): void {
  const c = rgb(canopy);
  p.rect(7, 11, 2, 4, rgb(0x6a4a2c));
  p.rect(6, 15, 4, 1, shade(rgb(0x2a4a22), 0));
  if (pine) {
    for (let y = 1; y < 12; y++) {
      const half = Math.min(6, 1 + Math.floor(y / 2));
      p.rect(8 - half, y, half * 2, 1, y % 3 === 0 ? shade(c, -20) : c);
      p.dot(8 - half - 1, y, OUTLINE);
      p.dot(8 + half, y, OUTLINE);
    }
    p.rect(7, 0, 2, 1, OUTLINE);
    return;
  }
  p.map(
    [
      '....oooooo......',
      '..oogggggggoo...',
      '.ogggllgggggdo..',
      '.ogglllgggggdo..',
      'oggglggggggggdo.',
      'ogggggggglgggdo.',
      'oggggggglllggddo',
      '.ogggggggggggddo',
      '.oddggggggggddo.',
      '..oddddggggddo..',
      '...ooddddddoo...',
      '.....oooooo.....',
    ],
    { o: OUTLINE, g: c, l: shade(c, 28), d: shade(c, -22) },
  );
}

/** A fence piece, horizontal or vertical. */
export function fence(p: Pen, horizontal: boolean): void {
  const wood = rgb(0xb08050);
  const dark = rgb(0x7a5434);
  if (horizontal) {
    p.rect(0, 6, 16, 2, wood);
    p.rect(0, 10, 16, 2, wood);
    p.rect(0, 8, 16, 1, dark);
    p.rect(0, 12, 16, 1, dark);
    for (const x of [2, 12]) {
      p.rect(x, 4, 2, 11, wood);
      p.rect(x + 1, 5, 1, 10, dark);
    }
  } else {
    p.rect(6, 0, 3, 16, wood);
    p.rect(8, 0, 1, 16, dark);
    p.rect(5, 3, 5, 2, dark);
    p.rect(5, 11, 5, 2, dark);
  }
}

/** A plastered house wall, optionally with a window. */
export function wall(p: Pen, window: boolean): void {
  noise(p, 41, rgb(0xd8c8a8), [[0.06, rgb(0xc8b896)]]);
  p.rect(0, 0, 16, 1, rgb(0x7a5434));
  p.rect(0, 15, 16, 1, rgb(0x7a5434));
  p.rect(0, 0, 1, 16, rgb(0x7a5434));
  if (window) {
    p.rect(4, 4, 8, 7, rgb(0x5a3a24));
    p.rect(5, 5, 6, 5, rgb(0x8cc8ec));
    p.rect(7, 5, 1, 5, rgb(0x5a3a24));
    p.rect(5, 7, 6, 1, rgb(0x5a3a24));
    p.rect(5, 5, 2, 1, rgb(0xd8f0fc));
    p.rect(3, 11, 10, 1, rgb(0x7a5434));
  }
}

/** Roof tiles; `edge` adds the eaves. */
export function roof(p: Pen, edge: boolean): void {
  const red = rgb(0xb04a3a);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const row = Math.floor(y / 4);
      const brick = (x + (row % 2) * 4) % 8 === 0 || y % 4 === 3;
      p.dot(x, y, brick ? shade(red, -34) : hash(x, y, 5) < 0.1 ? shade(red, 14) : red);
    }
  }
  if (edge) {
    p.rect(0, 12, 16, 4, rgb(0x6a2a20));
    p.rect(0, 12, 16, 1, rgb(0x8a3428));
  }
}

/** Wooden planks in `base`. */
export function planks(p: Pen, base: Rgba): void {
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const seam = y % 4 === 3 || (x + Math.floor(y / 4) * 5) % 16 === 0;
      p.dot(x, y, seam ? shade(base, -36) : hash(x, y, 17) < 0.12 ? shade(base, -12) : base);
    }
  }
}
