/**
 * Writes the sample game's original art into `assets/generated/` as PNG files.
 * Deterministic (no randomness beyond a fixed hash), so re-running it yields identical bytes.
 *
 *   npx tsx assets/scripts/generate.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createImage, encodePng, type Image, type Rgba, setPixel } from './png';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated');
/** Art is drawn on a 16 px grid and written at 2x, so 32 px tiles and sprites. */
const SCALE = 2;

const PALETTE: Record<string, Rgba> = {
  '.': [0, 0, 0, 0],
  o: [34, 28, 46, 255], // outline
  h: [120, 72, 40, 255], // hair
  s: [240, 196, 160, 255], // skin
  e: [30, 30, 60, 255], // eyes
  b: [62, 124, 200, 255], // tunic
  d: [40, 90, 160, 255], // tunic shade
  l: [70, 60, 80, 255], // trousers
  w: [250, 250, 250, 255], // belt buckle
};

const AVATAR = [
  '................',
  '......oooo......',
  '.....ohhhho.....',
  '....ohhhhhho....',
  '....ohssssho....',
  '....osesseso....',
  '....osssssso....',
  '.....osssso.....',
  '....obbbbbbo....',
  '...osbbbbbdso...',
  '...osbbwbbdso...',
  '....obbbbbdo....',
  '....ollllllo....',
  '....oll..llo....',
  '....oll..llo....',
  '....ooo..ooo....',
];

function fromPixelMap(rows: readonly string[]): Image {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const img = createImage(width * SCALE, height * SCALE);
  rows.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      const colour = PALETTE[ch] ?? PALETTE.o!;
      fill(img, x, y, colour);
    });
  });
  return img;
}

function fill(img: Image, x: number, y: number, colour: Rgba): void {
  for (let dy = 0; dy < SCALE; dy++) {
    for (let dx = 0; dx < SCALE; dx++) setPixel(img, x * SCALE + dx, y * SCALE + dy, colour);
  }
}

/** Small integer hash (xorshift-multiply) for deterministic texture noise. */
function hash(x: number, y: number, salt: number): number {
  let h = Math.imul(x * 374761393 + y * 668265263 + salt * 2147483647, 1274126177);
  h = Math.imul(h ^ (h >>> 13), 1103515245);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function groundTile(): Image {
  const size = 16;
  const img = createImage(size * SCALE, size * SCALE);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const n = hash(x, y, 7);
      let colour: Rgba = [86, 152, 70, 255];
      if (n < 0.12) colour = [70, 128, 58, 255];
      else if (n > 0.9) colour = [108, 176, 84, 255];
      fill(img, x, y, colour);
    }
  }
  // A few grass tufts, placed so the tile still repeats seamlessly (none touch the edge).
  const tufts: readonly (readonly [number, number])[] = [
    [3, 4],
    [10, 2],
    [7, 10],
    [12, 12],
  ];
  for (const [x, y] of tufts) {
    fill(img, x, y, [126, 196, 96, 255]);
    fill(img, x - 1, y + 1, [126, 196, 96, 255]);
    fill(img, x + 1, y + 1, [126, 196, 96, 255]);
  }
  return img;
}

function write(name: string, img: Image): void {
  const path = join(OUT_DIR, name);
  writeFileSync(path, encodePng(img));
  console.log(`wrote ${path} (${img.width}x${img.height})`);
}

mkdirSync(OUT_DIR, { recursive: true });
write('avatar.png', fromPixelMap(AVATAR));
write('ground.png', groundTile());
