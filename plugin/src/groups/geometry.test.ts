import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellAt,
  cellRect,
  childrenOf,
  contains,
  depthOf,
  isCellPath,
  parentOf,
  rootSquare,
  siblingsOf,
} from './geometry';
import { epochLeader } from './leader';
import { QuadTree } from './tree';

const ROOT = rootSquare({ x: -100, y: 50, width: 3000, height: 1200 });
const point = fc.record({
  x: fc.double({ min: -100, max: 3995, noNaN: true }),
  y: fc.double({ min: 50, max: 4145, noNaN: true }),
});
const path = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 }).map((ds) => `r${ds.join('')}`);

describe('quadtree geometry', () => {
  it('the root is the smallest power-of-two square over the bounds, anchored at their corner', () => {
    expect(ROOT).toEqual({ x: -100, y: 50, size: 4096 });
    expect(rootSquare({ x: 0, y: 0, width: 1024, height: 1024 }).size).toBe(1024);
    expect(cellRect(ROOT, 'r3')).toEqual({ x: 1948, y: 2098, width: 2048, height: 2048 });
    expect(cellRect(ROOT, 'r12')).toEqual({ x: 1948, y: 1074, width: 1024, height: 1024 });
  });

  it('children tile their parent exactly, and parentOf undoes childrenOf', () => {
    fc.assert(
      fc.property(path, (p) => {
        const r = cellRect(ROOT, p);
        const kids = childrenOf(p).map((c) => cellRect(ROOT, c));
        expect(kids.reduce((a, k) => a + k.width * k.height, 0)).toBe(r.width * r.height);
        for (const c of childrenOf(p)) {
          expect(parentOf(c)).toBe(p);
          expect(isCellPath(c)).toBe(true);
          expect(siblingsOf(c)).toHaveLength(3);
        }
      }),
    );
    expect(parentOf('r')).toBeUndefined();
    expect(() => childrenOf(`r${'0'.repeat(31)}`)).toThrow(RangeError);
  });

  it('the cell holding a point at any depth contains it, and its ancestors are its prefixes', () => {
    fc.assert(
      fc.property(point, fc.integer({ min: 0, max: 12 }), (p, d) => {
        const c = cellAt(ROOT, p, d);
        expect(depthOf(c)).toBe(d);
        expect(contains(cellRect(ROOT, c), p)).toBe(true);
        if (d > 0) expect(cellAt(ROOT, p, d - 1)).toBe(parentOf(c));
      }),
    );
  });

  it('a random tree: every point has exactly one leaf, and the leaves overlapping a rect are those holding its points', () => {
    fc.assert(
      fc.property(fc.array(path, { maxLength: 12 }), fc.array(point, { minLength: 1, maxLength: 20 }), (splits, ps) => {
        const t = new QuadTree(ROOT);
        for (const s of splits) t.split(s);
        const leaves = t.leaves();
        for (const p of ps) {
          const holding = leaves.filter((l) => contains(t.rect(l), p));
          expect(holding).toEqual([t.leafAt(p)]);
          expect(t.isLeaf(t.leafAt(p))).toBe(true);
        }
        const xs = ps.map((p) => p.x);
        const ys = ps.map((p) => p.y);
        const rect = {
          x: Math.min(...xs),
          y: Math.min(...ys),
          width: Math.max(...xs) - Math.min(...xs) + 1,
          height: Math.max(...ys) - Math.min(...ys) + 1,
        };
        const over = t.leavesOverlapping(rect);
        for (const p of ps) expect(over).toContain(t.leafAt(p));
      }),
    );
  });

  it('merge makes a cell a leaf again, with everything below it', () => {
    const t = new QuadTree(ROOT);
    t.split('r21');
    expect(t.innerCells()).toEqual(['r', 'r2', 'r21']);
    expect(t.isLeaf('r210')).toBe(true);
    expect(t.isLeaf('r2')).toBe(false);
    t.merge('r2');
    expect(t.innerCells()).toEqual(['r']);
    expect(t.isLeaf('r2')).toBe(true);
    expect(t.isLeaf('r21')).toBe(false);
    expect(t.leaves()).toEqual(['r0', 'r1', 'r2', 'r3']);
  });

  it('the leader is one of the members, the same whatever the order, and bound to the cell and epoch', () => {
    const members = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const l = epochLeader('town', 'r01', { epoch: 3, members });
    expect(members).toContain(l);
    expect(epochLeader('town', 'r01', { epoch: 3, members: [...members].reverse() })).toBe(l);
    const others = new Set<string | undefined>();
    for (let e = 0; e < 40; e++) others.add(epochLeader('town', 'r01', { epoch: e, members }));
    expect(others.size).toBeGreaterThan(1);
    expect(epochLeader('town', 'r', { epoch: 0, members: [] })).toBeUndefined();
  });
});
