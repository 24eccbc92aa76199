import { describe, expect, it } from 'vitest';
import { CellGrid } from './cells';

describe('area cells of a zone', () => {
  const grid = new CellGrid({ x: -100, y: 0, width: 1100, height: 600 }, 512);

  it('tiles the bounds from the top-left corner, clipping the last column and row', () => {
    expect(grid.cells.map((c) => c.name)).toEqual(['c0_0', 'c1_0', 'c2_0', 'c0_1', 'c1_1', 'c2_1']);
    expect(grid.cells[2]!.rect).toEqual({ x: 924, y: 0, width: 76, height: 512 });
    expect(grid.cells[5]!.rect).toEqual({ x: 924, y: 512, width: 76, height: 88 });
  });

  it('finds the cell of a point and the cells a rect overlaps', () => {
    expect(grid.cellOf(-100, 0)).toBe('c0_0');
    expect(grid.cellOf(1000, 600)).toBe('c2_1');
    expect(grid.contains(1001, 0)).toBe(false);
    expect(grid.overlapping({ x: 420, y: 500, width: 20, height: 20 })).toEqual(['c1_0', 'c1_1']);
    expect(grid.overlapping({ x: -5000, y: -5000, width: 10, height: 10 })).toEqual([]);
    expect(grid.overlapping({ x: -5000, y: -5000, width: 99999, height: 99999 })).toHaveLength(6);
    expect(grid.has('c2_1')).toBe(true);
    expect(grid.has('c3_0')).toBe(false);
    expect(grid.has('c01_0')).toBe(false);
  });
});
