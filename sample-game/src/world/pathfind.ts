/**
 * Click-to-move: a shortest walk over the map's tiles (breadth-first, 8 directions, never
 * cutting a corner), and the walking intent that follows it one round at a time. Runs only on
 * the clicking player's browser; the room sees nothing but `move` intents.
 */
import { type GameMap, solidAt } from './map';
import type { Point } from './movement';

const STEPS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
];

/** The walkable tile nearest to tile (tx, ty) within `radius` tiles (the clicked tile may be a wall). */
function nearestFree(map: GameMap, tx: number, ty: number, radius: number): [number, number] | undefined {
  for (let r = 0; r <= radius; r++) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) === r && !solidAt(map, tx + dx, ty + dy)) return [tx + dx, ty + dy];
      }
    }
  }
  return undefined;
}

/**
 * Waypoints (pixel centres of tiles, the last one the target itself when it is walkable) from
 * `from` to `to`, or `undefined` when the target cannot be reached. Straight runs are merged,
 * so the list holds only the corners.
 */
export function findPath(map: GameMap, from: Point, to: Point, maxTiles = 20_000): Point[] | undefined {
  const t = map.tileSize;
  const sx = Math.floor(from.x / t);
  const sy = Math.floor(from.y / t);
  const goal = nearestFree(map, Math.floor(to.x / t), Math.floor(to.y / t), 2);
  if (goal === undefined) return undefined;
  const [gx, gy] = goal;
  const key = (x: number, y: number): number => y * map.width + x;
  const came = new Map<number, number>([[key(sx, sy), -1]]);
  const queue: number[] = [key(sx, sy)];
  for (let i = 0; i < queue.length && i < maxTiles; i++) {
    const k = queue[i]!;
    const x = k % map.width;
    const y = Math.floor(k / map.width);
    if (x === gx && y === gy) break;
    for (const [dx, dy] of STEPS) {
      const nx = x + dx;
      const ny = y + dy;
      if (solidAt(map, nx, ny) || came.has(key(nx, ny))) continue;
      // A diagonal step needs both orthogonal neighbours free, or the body would clip the corner.
      if (dx !== 0 && dy !== 0 && (solidAt(map, x + dx, y) || solidAt(map, x, y + dy))) continue;
      came.set(key(nx, ny), k);
      queue.push(key(nx, ny));
    }
  }
  if (!came.has(key(gx, gy))) return undefined;
  const tiles: [number, number][] = [];
  for (let k = key(gx, gy); k !== -1; k = came.get(k) ?? -1) tiles.push([k % map.width, Math.floor(k / map.width)]);
  tiles.reverse();
  const points: Point[] = [];
  for (let i = 1; i < tiles.length; i++) {
    const [x, y] = tiles[i]!;
    const [px, py] = tiles[i - 1]!;
    const [nx, ny] = tiles[i + 1] ?? [x + (x - px), y + (y - py)];
    // Keep a tile only where the direction changes (and the last one).
    if (i === tiles.length - 1 || nx - x !== x - px || ny - y !== y - py)
      points.push({ x: x * t + t / 2, y: y * t + t / 2 });
  }
  const exact = !solidAt(map, Math.floor(to.x / t), Math.floor(to.y / t));
  if (exact && gx === Math.floor(to.x / t) && gy === Math.floor(to.y / t)) points.push({ x: to.x, y: to.y });
  return points;
}

/**
 * The intent (each -1, 0 or 1) toward `target`: an axis counts only when it is further than
 * `deadZone` px, so a walker stepping a fixed distance per round never oscillates around it.
 */
export function intentToward(from: Point, target: Point, deadZone: number): { dx: number; dy: number } {
  const ex = target.x - from.x;
  const ey = target.y - from.y;
  return { dx: Math.abs(ex) > deadZone ? Math.sign(ex) : 0, dy: Math.abs(ey) > deadZone ? Math.sign(ey) : 0 };
}

/** Follows a path one round at a time: call {@link PathWalker.intent} once per round with the avatar's position. */
export class PathWalker {
  #points: Point[];

  constructor(points: readonly Point[]) {
    this.#points = [...points];
  }

  /** Whether the walk is over (arrived, or given an empty path). */
  get done(): boolean {
    return this.#points.length === 0;
  }

  /** The final target, while walking. */
  get target(): Point | undefined {
    return this.#points.at(-1);
  }

  /** The intent for this round; drops waypoints already reached. `deadZone` should be about half a round's step. */
  intent(at: Point, deadZone: number): { dx: number; dy: number } {
    while (this.#points.length > 0) {
      const next = this.#points[0]!;
      const i = intentToward(at, next, deadZone);
      if (i.dx !== 0 || i.dy !== 0) return i;
      this.#points.shift();
    }
    return { dx: 0, dy: 0 };
  }
}
