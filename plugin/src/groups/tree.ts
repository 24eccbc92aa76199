import type { Rect } from '../zone/types';
import {
  cellRect,
  childIndexFor,
  childrenOf,
  clampToRoot,
  depthOf,
  isCellPath,
  MAX_DEPTH,
  overlaps,
  type Point,
  parentOf,
  ROOT_CELL,
  type RootSquare,
} from './geometry';

/**
 * The shape of one zone's quadtree: which cells are inner (split); every other cell reached by
 * descending is a leaf. Pure data with the queries the groups layer asks: the leaf holding a
 * point, the leaves a rectangle overlaps, split, merge. The leaf finder keeps one built from the
 * DHT records it read; the world simulation keeps the true one.
 */
export class QuadTree {
  readonly #inner = new Set<string>();

  constructor(readonly root: RootSquare) {}

  /** Whether `cell` is split into four children. */
  isInner(cell: string): boolean {
    return this.#inner.has(cell);
  }

  /** Whether `cell` is a leaf: not split, and every ancestor is. */
  isLeaf(cell: string): boolean {
    if (this.#inner.has(cell)) return false;
    for (let p = parentOf(cell); p !== undefined; p = parentOf(p)) if (!this.#inner.has(p)) return false;
    return true;
  }

  /** Inner cells, sorted. */
  innerCells(): string[] {
    return [...this.#inner].sort();
  }

  /** The leaf holding `p` (points outside the root square are clamped to its edge). */
  leafAt(p: Point): string {
    const q = clampToRoot(this.root, p);
    let cell = ROOT_CELL;
    while (this.#inner.has(cell) && depthOf(cell) < MAX_DEPTH) cell += String(childIndexFor(this.root, cell, q));
    return cell;
  }

  /** Every leaf whose rectangle overlaps `r`, in path order. */
  leavesOverlapping(r: Rect): string[] {
    const out: string[] = [];
    const visit = (cell: string): void => {
      if (!overlaps(cellRect(this.root, cell), r)) return;
      if (!this.#inner.has(cell)) {
        out.push(cell);
        return;
      }
      for (const c of childrenOf(cell)) visit(c);
    };
    visit(ROOT_CELL);
    return out;
  }

  /** Every leaf, in path order. */
  leaves(): string[] {
    return this.leavesOverlapping({ x: this.root.x, y: this.root.y, width: this.root.size, height: this.root.size });
  }

  /** Marks `cell` as split (and its ancestors, which must then be inner too). */
  split(cell: string): void {
    if (!isCellPath(cell) || depthOf(cell) >= MAX_DEPTH) throw new RangeError(`cannot split cell ${cell}`);
    for (let p: string | undefined = cell; p !== undefined; p = parentOf(p)) this.#inner.add(p);
  }

  /** Makes `cell` a leaf again: it and every cell below it are no longer split. */
  merge(cell: string): void {
    for (const c of [...this.#inner]) if (c.startsWith(cell)) this.#inner.delete(c);
  }

  /** A copy. */
  clone(): QuadTree {
    const t = new QuadTree(this.root);
    for (const c of this.#inner) t.#inner.add(c);
    return t;
  }

  /** The rectangle of `cell`. */
  rect(cell: string): Rect {
    return cellRect(this.root, cell);
  }
}
