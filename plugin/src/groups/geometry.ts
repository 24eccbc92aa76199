/**
 * Quadtree geometry of a zone (pure). A cell is named by its path: `r` (the root), then one
 * digit per level, `0` top-left, `1` top-right, `2` bottom-left, `3` bottom-right (y grows
 * downwards, as on screen). The root is the smallest power-of-two square covering the zone's
 * bounds, anchored at their top-left corner, so a cell's size depends only on its depth and the
 * zone's larger side, never on where players stand. See `plugin/spec/groups.md`.
 */
import type { Rect } from '../zone/types';

/** The root cell's path. */
export const ROOT_CELL = 'r';
/** Deepest level a cell path may have (the DHT key allows `r` plus 31 digits). */
export const MAX_DEPTH = 31;

const CELL = /^r[0-3]{0,31}$/;

/** A point in world units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The root square of a zone's quadtree. */
export interface RootSquare {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/** Whether `path` is a well-formed cell path (`r`, then 0..31 digits 0..3). */
export function isCellPath(path: string): boolean {
  return CELL.test(path);
}

/** The root square of a zone with `bounds`: side `2^ceil(log2(max(width, height)))`. */
export function rootSquare(bounds: Rect): RootSquare {
  const side = Math.max(bounds.width, bounds.height);
  return { x: bounds.x, y: bounds.y, size: 2 ** Math.ceil(Math.log2(side)) };
}

/** Depth of a cell: 0 for the root. */
export function depthOf(path: string): number {
  return path.length - 1;
}

/** The parent of a cell, or undefined for the root. */
export function parentOf(path: string): string | undefined {
  return path.length <= 1 ? undefined : path.slice(0, -1);
}

/** The four children of a cell, in index order. Throws `RangeError` below {@link MAX_DEPTH}. */
export function childrenOf(path: string): readonly [string, string, string, string] {
  if (depthOf(path) >= MAX_DEPTH) throw new RangeError(`cell ${path} is at the deepest level`);
  return [`${path}0`, `${path}1`, `${path}2`, `${path}3`];
}

/** The other three children of this cell's parent (empty for the root). */
export function siblingsOf(path: string): string[] {
  const parent = parentOf(path);
  return parent === undefined ? [] : childrenOf(parent).filter((c) => c !== path);
}

/** Whether `a` is `b` or one of its ancestors. */
export function isAncestorOrSelf(a: string, b: string): boolean {
  return b.startsWith(a);
}

/** The rectangle of a cell. */
export function cellRect(root: RootSquare, path: string): Rect {
  let x = root.x;
  let y = root.y;
  let size = root.size;
  for (let i = 1; i < path.length; i++) {
    size /= 2;
    const d = path.charCodeAt(i) - 48;
    if (d & 1) x += size;
    if (d & 2) y += size;
  }
  return { x, y, width: size, height: size };
}

/** Which child of `path` holds `p` (points on a midline go right / down). */
export function childIndexFor(root: RootSquare, path: string, p: Point): number {
  const r = cellRect(root, path);
  const half = r.width / 2;
  return (p.x >= r.x + half ? 1 : 0) | (p.y >= r.y + half ? 2 : 0);
}

/** The cell of depth `depth` holding `p` (points outside the root are clamped to its edge). */
export function cellAt(root: RootSquare, p: Point, depth: number): string {
  let path = ROOT_CELL;
  const q = clampToRoot(root, p);
  for (let d = 0; d < Math.min(depth, MAX_DEPTH); d++) path += String(childIndexFor(root, path, q));
  return path;
}

/** `p` moved inside the root square (a tiny bit off the far edges, so it lies in a cell). */
export function clampToRoot(root: RootSquare, p: Point): Point {
  const inside = (v: number, lo: number): boolean => v >= lo && v < lo + root.size;
  if (inside(p.x, root.x) && inside(p.y, root.y)) return p;
  const clamp = (v: number, lo: number): number => (inside(v, lo) ? v : v < lo ? lo : lo + root.size * (1 - 2 ** -40));
  return { x: clamp(p.x, root.x), y: clamp(p.y, root.y) };
}

/** Whether `p` lies in `r` (left and top edges in, right and bottom out). */
export function contains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.y >= r.y && p.x < r.x + r.width && p.y < r.y + r.height;
}

/** Whether two rectangles overlap (touching edges do not). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** `r` grown by `margin` on every side. */
export function expand(r: Rect, margin: number): Rect {
  return { x: r.x - margin, y: r.y - margin, width: r.width + 2 * margin, height: r.height + 2 * margin };
}

/** The index of a child in its parent (0..3), or undefined for the root. */
export function indexInParent(path: string): number | undefined {
  return path.length <= 1 ? undefined : path.charCodeAt(path.length - 1) - 48;
}
