import type { Rect } from './types';

/** Most area cells a zone may have (each is one DHT area record a founder reads). */
export const MAX_ZONE_CELLS = 1024;

/** One area cell: its name (`c<col>_<row>`, a valid area-key cell name) and its rect. */
export interface ZoneCell {
  readonly name: string;
  readonly rect: Rect;
}

/**
 * The zone's area cells: a grid of `cellSize` squares from the bounds' top-left corner, the last
 * column and row clipped to the bounds. Pure: every member computes the same grid.
 */
export class CellGrid {
  readonly cols: number;
  readonly rows: number;
  readonly cells: readonly ZoneCell[];

  constructor(
    readonly bounds: Rect,
    readonly cellSize: number,
  ) {
    this.cols = Math.max(1, Math.ceil(bounds.width / cellSize));
    this.rows = Math.max(1, Math.ceil(bounds.height / cellSize));
    const cells: ZoneCell[] = [];
    for (let row = 0; row < this.rows; row++) {
      for (let col = 0; col < this.cols; col++) {
        const x = bounds.x + col * cellSize;
        const y = bounds.y + row * cellSize;
        cells.push({
          name: cellName(col, row),
          rect: {
            x,
            y,
            width: Math.min(cellSize, bounds.x + bounds.width - x),
            height: Math.min(cellSize, bounds.y + bounds.height - y),
          },
        });
      }
    }
    this.cells = cells;
  }

  /** Whether a point lies in the zone (bounds inclusive). */
  contains(x: number, y: number): boolean {
    const b = this.bounds;
    return x >= b.x && y >= b.y && x <= b.x + b.width && y <= b.y + b.height;
  }

  /** The cell holding a point of the zone (points on the far edges belong to the last cell). */
  cellOf(x: number, y: number): string {
    return cellName(this.#col(x), this.#row(y));
  }

  /** Whether `name` is one of this grid's cells. */
  has(name: string): boolean {
    const m = /^c(\d+)_(\d+)$/.exec(name);
    return m !== null && Number(m[1]) < this.cols && Number(m[2]) < this.rows && name === cellName(+m[1]!, +m[2]!);
  }

  /** Names of the cells a rect overlaps (touching an edge counts), in grid order. */
  overlapping(r: Rect): string[] {
    const b = this.bounds;
    if (r.x > b.x + b.width || r.y > b.y + b.height || r.x + r.width < b.x || r.y + r.height < b.y) return [];
    const out: string[] = [];
    for (let row = this.#row(r.y); row <= this.#row(r.y + r.height); row++) {
      for (let col = this.#col(r.x); col <= this.#col(r.x + r.width); col++) out.push(cellName(col, row));
    }
    return out;
  }

  #col(x: number): number {
    return clamp(Math.floor((x - this.bounds.x) / this.cellSize), 0, this.cols - 1);
  }

  #row(y: number): number {
    return clamp(Math.floor((y - this.bounds.y) / this.cellSize), 0, this.rows - 1);
  }
}

function cellName(col: number, row: number): string {
  return `c${col}_${row}`;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
