import { describe, expect, it } from 'vitest';
import type { Item } from '../zone';
import { expandRect, ItemsView, sameRect } from './items-view';

const item = (id: string, x: number, y: number): Item => ({
  id,
  kind: 'gem',
  x,
  y,
  by: 'p1',
  droppedAt: 0,
  decaysAt: 600_000,
  cell: 'c0_0',
});

function view() {
  const log: string[] = [];
  const v = new ItemsView<{ id: string }>({
    create: (i) => {
      log.push(`+${i.id}`);
      return { id: i.id };
    },
    destroy: (o) => log.push(`-${o.id}`),
  });
  return { v, log };
}

describe('ItemsView', () => {
  it('creates items as they enter the view and destroys them as they leave, once each', () => {
    const { v, log } = view();
    v.sync([item('a', 10, 10), item('b', 20, 20)]);
    v.sync([item('a', 10, 10), item('b', 20, 20)]);
    v.sync([item('b', 20, 20), item('c', 30, 30)]);
    v.sync([]);
    expect(log).toEqual(['+a', '+b', '-a', '+c', '-b', '-c']);
  });

  it('keeps to the view rectangle (the zone answers by whole cells)', () => {
    const { v } = view();
    v.sync([item('in', 50, 50), item('out', 500, 50)], { x: 0, y: 0, width: 100, height: 100 });
    expect(v.ids()).toEqual(['in']);
  });

  it('destroys everything on clear', () => {
    const { v, log } = view();
    v.sync([item('a', 1, 1)]);
    v.clear();
    v.clear();
    expect(log).toEqual(['+a', '-a']);
  });

  it('reports a throwing create and goes on with the other items', () => {
    const errors: string[] = [];
    const v = new ItemsView<string>(
      {
        create: (i) => {
          if (i.id === 'bad') throw new Error('no texture');
          return i.id;
        },
        destroy: () => {},
      },
      (_e, where) => errors.push(where),
    );
    v.sync([item('bad', 0, 0), item('ok', 0, 0)]);
    expect(v.ids()).toEqual(['ok']);
    expect(errors).toEqual(['items.create']);
  });
});

describe('rect helpers', () => {
  it('grow a rectangle by a margin and compare rectangles', () => {
    expect(expandRect({ x: 10, y: 20, width: 100, height: 50 }, 5)).toEqual({ x: 5, y: 15, width: 110, height: 60 });
    expect(sameRect({ x: 1, y: 2, width: 3, height: 4 }, { x: 1, y: 2, width: 3, height: 4 })).toBe(true);
    expect(sameRect({ x: 1, y: 2, width: 3, height: 4 }, undefined)).toBe(false);
    expect(sameRect(undefined, undefined)).toBe(true);
  });
});
