/**
 * Avatar movement over a map's collision grid, in integer fixed-point maths (1/16 px) so every
 * browser computes exactly the same positions. The room's reducer and the plugin's prediction
 * of the local avatar both call {@link moveBody}, so a prediction agrees with the decided state.
 *
 * The avatar's body is a box around its feet point; a move is split into steps of at most half
 * a tile, each applied on x then on y, and a step into a solid tile stops flush against it (so
 * an avatar slides along walls instead of sticking). A straight step blocked by a corner the body
 * overlaps by at most {@link CORNER_ASSIST_PX} turns into a sideways step around it, so walking
 * into a one-tile opening does not need pixel-exact aim (a click walk's waypoints are only
 * reached to within half a round's step).
 */
import { type GameMap, solidAt } from './map';

/** Fixed-point units per pixel. */
export const SUB = 16;
/** Walking speed in fixed-point units per millisecond (3/16 px per ms = 187.5 px/s). */
export const SPEED_SUB_PER_MS = 3;
/** Walking speed in pixels per second (for display and tests). */
export const SPEED_PX_PER_S = (SPEED_SUB_PER_MS * 1000) / SUB;
/** Longest time one move covers: after a stall the avatar does not jump across the map. */
export const MAX_STEP_MS = 250;
/** Half the body's width around the feet point, px. */
export const BODY_HALF_WIDTH = 10;
/** Half the body's height around the feet point, px. */
export const BODY_HALF_HEIGHT = 6;
/** How far sideways a blocked straight step may slide to get around a corner, px. */
export const CORNER_ASSIST_PX = 16;
/** Diagonal moves are scaled by 181/256 (about 1/sqrt 2) so they are not faster. */
const DIAGONAL_NUM = 181;
const DIAGONAL_DEN = 256;

const HW = BODY_HALF_WIDTH * SUB;
const HH = BODY_HALF_HEIGHT * SUB;

/** A position in pixels (multiples of 1/16). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Whether the body with its feet at (X, Y) (fixed-point) overlaps no solid tile. */
function free(map: GameMap, X: number, Y: number): boolean {
  const t = map.tileSize * SUB;
  const x0 = Math.floor((X - HW) / t);
  const x1 = Math.floor((X + HW - 1) / t);
  const y0 = Math.floor((Y - HH) / t);
  const y1 = Math.floor((Y + HH - 1) / t);
  for (let ty = y0; ty <= y1; ty++) for (let tx = x0; tx <= x1; tx++) if (solidAt(map, tx, ty)) return false;
  return true;
}

/** Moves one coordinate by `d` (|d| <= half a tile): all the way, or flush against the blocking tile. */
function slide(map: GameMap, X: number, Y: number, d: number, horizontal: boolean): number {
  const pos = horizontal ? X : Y;
  const half = horizontal ? HW : HH;
  const at = (p: number): boolean => (horizontal ? free(map, p, Y) : free(map, X, p));
  if (d === 0 || at(pos + d)) return pos + d;
  const t = map.tileSize * SUB;
  // The step crossed into one blocked row/column of tiles: stop at its edge.
  const flush =
    d > 0 ? Math.floor((pos + d + half - 1) / t) * t - half : (Math.floor((pos + d - half) / t) + 1) * t + half;
  const clamped = d > 0 ? Math.max(pos, Math.min(pos + d, flush)) : Math.min(pos, Math.max(pos + d, flush));
  return at(clamped) ? clamped : pos;
}

/**
 * For a straight step along one axis (`horizontal` or not, direction `sign`) that is blocked:
 * the nearest perpendicular coordinate within {@link CORNER_ASSIST_PX} where the body stands free
 * and the step is open, or `undefined`. Only the positions where the body's edge lines up with a
 * tile edge can be the nearest such place, so only those are tried; a tie goes to the lower one.
 */
function cornerTarget(map: GameMap, X: number, Y: number, sign: number, horizontal: boolean): number | undefined {
  const t = map.tileSize * SUB;
  const pos = horizontal ? Y : X;
  const half = horizontal ? HH : HW;
  const assist = CORNER_ASSIST_PX * SUB;
  const fits = (p: number, ahead: number): boolean => (horizontal ? free(map, ahead, p) : free(map, p, ahead));
  const along = horizontal ? X : Y;
  let best: number | undefined;
  const first = Math.floor((pos - half - assist) / t);
  const last = Math.floor((pos + half + assist) / t);
  for (let c = first; c <= last; c++) {
    for (const p of [c * t + half, (c + 1) * t - half]) {
      const d = Math.abs(p - pos);
      if (d === 0 || d > assist || (best !== undefined && d >= Math.abs(best - pos))) continue;
      if (fits(p, along) && fits(p, along + sign)) best = p;
    }
  }
  return best;
}

/** Snaps a pixel coordinate to the fixed-point grid. */
function toSub(v: number): number {
  return Math.round(v * SUB);
}

/**
 * Where a body at `from` ends after walking `dtMs` with intent (dx, dy) in -1..1 each. Pure and
 * deterministic: integer maths on 1/16 px, `dtMs` rounded to whole ms and capped at MAX_STEP_MS.
 * A body that already overlaps a solid tile (should never happen) may walk out of it freely.
 */
export function moveBody(map: GameMap, from: Point, dx: number, dy: number, dtMs: number): Point {
  const ix = Math.sign(dx);
  const iy = Math.sign(dy);
  const dt = Math.max(0, Math.min(MAX_STEP_MS, Math.round(Number.isFinite(dtMs) ? dtMs : 0)));
  let X = toSub(from.x);
  let Y = toSub(from.y);
  let dist = SPEED_SUB_PER_MS * dt;
  if (ix !== 0 && iy !== 0) dist = Math.floor((dist * DIAGONAL_NUM) / DIAGONAL_DEN);
  if (dist === 0 || (ix === 0 && iy === 0)) return { x: X / SUB, y: Y / SUB };
  const stuck = !free(map, X, Y);
  const maxStep = (map.tileSize * SUB) / 2;
  while (dist > 0) {
    const step = Math.min(dist, maxStep);
    dist -= step;
    if (stuck) {
      X += ix * step;
      Y += iy * step;
      continue;
    }
    const x = slide(map, X, Y, ix * step, true);
    const y = slide(map, x, Y, iy * step, false);
    if (x === X && y === Y && (ix === 0) !== (iy === 0)) {
      // Blocked head-on: step sideways toward the nearest opening, if one is close.
      const horizontal = ix !== 0;
      const to = cornerTarget(map, X, Y, horizontal ? ix : iy, horizontal);
      if (to !== undefined) {
        const from = horizontal ? Y : X;
        const side = Math.sign(to - from) * Math.min(step, Math.abs(to - from));
        if (horizontal) Y = slide(map, X, Y, side, false);
        else X = slide(map, X, Y, side, true);
      }
      continue;
    }
    X = x;
    Y = y;
  }
  const maxX = map.bounds.width * SUB - HW;
  const maxY = map.bounds.height * SUB - HH;
  return { x: Math.max(HW, Math.min(maxX, X)) / SUB, y: Math.max(HH, Math.min(maxY, Y)) / SUB };
}

/** Whether an avatar's body fits with its feet at `p` (for spawn checks and tests). */
export function bodyFits(map: GameMap, p: Point): boolean {
  return free(map, toSub(p.x), toSub(p.y));
}
