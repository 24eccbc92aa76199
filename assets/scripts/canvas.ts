/**
 * Drawing helpers for the generated pixel art: every picture is drawn on a 16 px logical grid
 * and written at 2x, so tiles and sprites are 32x32 px. Sheets are grids of such cells.
 */
import { createImage, type Image, type Rgba, setPixel } from './png';

/** Logical pixels per cell side (art is drawn at this resolution). */
export const CELL = 16;
/** Output pixels per logical pixel. */
export const SCALE = 2;
/** Output pixels per cell side. */
export const CELL_PX = CELL * SCALE;

/** A sheet of `columns` x `rows` cells, each CELL_PX square. */
export interface Sheet {
  readonly image: Image;
  readonly columns: number;
  readonly rows: number;
}

/** A new, transparent sheet. */
export function createSheet(columns: number, rows: number): Sheet {
  return { image: createImage(columns * CELL_PX, rows * CELL_PX), columns, rows };
}

/** A painter for one cell of a sheet, in logical pixels (0..15). */
export interface Pen {
  /** Sets one logical pixel; outside 0..15 is ignored so shapes may be clipped. */
  dot(x: number, y: number, colour: Rgba): void;
  /** Fills a rectangle of logical pixels. */
  rect(x: number, y: number, w: number, h: number, colour: Rgba): void;
  /** Draws a pixel map: one string per row, one character per pixel, looked up in `palette` ('.' or unknown = skip). */
  map(rows: readonly string[], palette: Readonly<Record<string, Rgba>>, mirror?: boolean): void;
}

/** A pen drawing into cell `index` (row-major) of `sheet`. */
export function pen(sheet: Sheet, index: number): Pen {
  const ox = (index % sheet.columns) * CELL_PX;
  const oy = Math.floor(index / sheet.columns) * CELL_PX;
  const dot = (x: number, y: number, colour: Rgba): void => {
    if (x < 0 || y < 0 || x >= CELL || y >= CELL) return;
    for (let dy = 0; dy < SCALE; dy++) {
      for (let dx = 0; dx < SCALE; dx++) setPixel(sheet.image, ox + x * SCALE + dx, oy + y * SCALE + dy, colour);
    }
  };
  return {
    dot,
    rect(x, y, w, h, colour) {
      for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) dot(x + i, y + j, colour);
    },
    map(rows, palette, mirror = false) {
      rows.forEach((row, y) => {
        for (let x = 0; x < row.length; x++) {
          const colour = palette[row[x] ?? '.'];
          if (colour !== undefined) dot(mirror ? CELL - 1 - x : x, y, colour);
        }
      });
    },
  };
}

/** Small integer hash (xorshift-multiply) in [0, 1): deterministic texture noise, no randomness. */
export function hash(x: number, y: number, salt: number): number {
  let h = Math.imul(x * 374761393 + y * 668265263 + salt * 2147483647, 1274126177);
  h = Math.imul(h ^ (h >>> 13), 1103515245);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** `colour` with each channel shifted by `amount` (clamped to 0..255), alpha kept. */
export function shade([r, g, b, a]: Rgba, amount: number): Rgba {
  const c = (v: number): number => Math.max(0, Math.min(255, v + amount));
  return [c(r), c(g), c(b), a];
}

/** An opaque colour from a 0xRRGGBB number. */
export function rgb(hex: number): Rgba {
  return [(hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, 255];
}
