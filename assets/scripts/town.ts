/**
 * The town zone, 96x72 tiles (3072x2304 px): a cobbled square with a well in the middle, roads
 * to the four sides, the enterable house north of the square (its door leads to the `house`
 * zone), two cottages, a fenced flower garden, a lake with a bridge to an island in the
 * south-west, a forest in the north-east with a trail to a clearing, and five chests to find.
 */
import { CELL_PX, hash } from './canvas';
import { MapBuilder, type MapJson } from './map-builder';
import { TILE, type TileId } from './tiles';

/** Town width in tiles. */
export const TOWN_WIDTH = 96;
/** Town height in tiles. */
export const TOWN_HEIGHT = 72;

const FOREST = { x: 62, y: 2, w: 32, h: 42 };
const LAKE = { cx: 20, cy: 56, rx: 12, ry: 8 };
const SQUARE = { x: 38, y: 30, w: 20, h: 14 };
const HOUSE = { x: 41, y: 16, w: 14, roofRows: 5, wallRows: 4 };

function grassLand(m: MapBuilder): void {
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      const n = hash(x, y, 101);
      m.setGround(x, y, n < 0.12 ? TILE.GrassDark : n < 0.2 ? TILE.GrassTufts : TILE.Grass);
    }
  }
}

/** A two-tile thick ring of trees around the map edge. */
function border(m: MapBuilder): void {
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      if (x < 2 || y < 2 || x >= m.width - 2 || y >= m.height - 2) {
        m.setDecoration(x, y, hash(x, y, 7) < 0.5 ? TILE.Pine : TILE.Tree);
      }
    }
  }
}

function forest(m: MapBuilder): void {
  const { x: fx, y: fy, w, h } = FOREST;
  for (let y = fy; y < fy + h; y++) {
    for (let x = fx; x < fx + w; x++) {
      // The forest's south-west edge frays into the meadow instead of ending on a straight line.
      const edge = Math.min(x - fx, fy + h - 1 - y);
      if (edge < 3 && hash(x, y, 31) > edge / 3) continue;
      m.setGround(x, y, TILE.ForestFloor);
      const n = hash(x, y, 33);
      if (n < 0.42) m.setDecoration(x, y, n < 0.28 ? TILE.Pine : TILE.Tree);
      else if (n < 0.46) m.setDecoration(x, y, TILE.Mushrooms);
      else if (n < 0.47) m.setDecoration(x, y, TILE.Stump);
    }
  }
}

/** Lays a road `width` tiles wide along a list of waypoints (axis-aligned legs). */
function road(m: MapBuilder, points: readonly (readonly [number, number])[], tile: TileId, width = 2): void {
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const x0 = Math.min(ax, bx);
    const y0 = Math.min(ay, by);
    m.fillGround(x0, y0, Math.abs(bx - ax) + width, Math.abs(by - ay) + width, tile);
  }
}

function lake(m: MapBuilder): void {
  const { cx, cy, rx, ry } = LAKE;
  for (let y = cy - ry - 2; y <= cy + ry + 2; y++) {
    for (let x = cx - rx - 2; x <= cx + rx + 2; x++) {
      const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      if (d <= 1) m.setGround(x, y, hash(x, y, 41) < 0.06 ? TILE.Lily : TILE.Water);
      else if (d <= 1.35) m.setGround(x, y, TILE.Sand);
    }
  }
  // The island and the bridge to it from the north shore.
  m.fillGround(cx - 2, cy - 1, 5, 4, TILE.Sand);
  m.fillGround(cx - 1, cy, 3, 2, TILE.Grass);
  road(
    m,
    [
      [cx, cy - ry - 1],
      [cx, cy - 2],
    ],
    TILE.Bridge,
  );
  m.setDecoration(cx + 2, cy + 1, TILE.Bush);
}

function square(m: MapBuilder): void {
  const { x, y, w, h } = SQUARE;
  m.fillGround(x, y, w, h, TILE.Cobble);
  m.setDecoration(x + 9, y + 3, TILE.Well);
  for (const [lx, ly] of [
    [x + 1, y + 1],
    [x + w - 2, y + 1],
    [x + 1, y + h - 2],
    [x + w - 2, y + h - 2],
  ] as const) {
    m.setDecoration(lx, ly, TILE.Lamp);
  }
  m.setDecoration(x + 3, y + 1, TILE.Crate);
  m.setDecoration(x + 4, y + 1, TILE.Crate);
  m.setDecoration(x + w - 4, y + h - 2, TILE.Sign);
  // Flower beds along the square's north side, leaving the road to the house open.
  for (let i = x; i < x + w; i++) {
    if (i < x + 7 || i > x + 12) m.setDecoration(i, y - 1, i % 2 === 0 ? TILE.Flowers : TILE.FlowersBlue);
  }
}

function building(m: MapBuilder, x: number, y: number, w: number, roofRows: number, wallRows: number): void {
  for (let j = 0; j < roofRows; j++) {
    for (let i = 0; i < w; i++) m.setGround(x + i, y + j, j === roofRows - 1 ? TILE.RoofEdge : TILE.Roof);
  }
  for (let j = 0; j < wallRows; j++) {
    for (let i = 0; i < w; i++) {
      const window = j === 1 && i % 3 === 1 && i > 0 && i < w - 1;
      m.setGround(x + i, y + roofRows + j, window ? TILE.WallWindow : TILE.Wall);
    }
  }
}

function house(m: MapBuilder): void {
  const { x, y, w, roofRows, wallRows } = HOUSE;
  building(m, x, y, w, roofRows, wallRows);
  const doorY = y + roofRows + wallRows - 1;
  const doorX = x + Math.floor(w / 2) - 1;
  m.setGround(doorX, doorY, TILE.Door);
  m.setGround(doorX + 1, doorY, TILE.Door);
  m.door('house-door', doorX, doorY, 2, 1, 'house', 'entrance');
  // Players coming out of the house appear on the road, two tiles below the door.
  m.spawnAt('house-door', (doorX + 1) * CELL_PX, (doorY + 3) * CELL_PX + CELL_PX / 2);
  for (let i = 0; i < w; i++) {
    if (i < 5 || i > 8) m.setDecoration(x + i, doorY + 1, i % 3 === 0 ? TILE.Bush : TILE.Flowers);
  }
}

function garden(m: MapBuilder): void {
  const gx = 58;
  const gy = 50;
  const gw = 13;
  const gh = 11;
  for (let j = gy; j < gy + gh; j++) for (let i = gx; i < gx + gw; i++) m.setDecoration(i, j, -1);
  for (let i = gx; i < gx + gw; i++) {
    // A gap in the north fence is the garden's gate.
    if (i < gx + 5 || i > gx + 6) m.setDecoration(i, gy, TILE.FenceH);
    m.setDecoration(i, gy + gh - 1, TILE.FenceH);
  }
  for (let j = gy + 1; j < gy + gh - 1; j++) {
    m.setDecoration(gx, j, TILE.FenceV);
    m.setDecoration(gx + gw - 1, j, TILE.FenceV);
  }
  for (let j = gy + 2; j < gy + gh - 2; j += 2) {
    for (let i = gx + 2; i < gx + gw - 2; i++) {
      if (i !== gx + 5 && i !== gx + 6) m.setDecoration(i, j, (i + j) % 3 === 0 ? TILE.FlowersBlue : TILE.Flowers);
    }
  }
  m.chest('garden', gx + gw - 3, gy + gh - 3);
}

/** Bushes, rocks and flowers on open meadow (never on roads, water or buildings). */
function scatter(m: MapBuilder): void {
  for (let y = 3; y < m.height - 3; y++) {
    for (let x = 3; x < m.width - 3; x++) {
      const g = m.groundAt(x, y);
      if ((g !== TILE.Grass && g !== TILE.GrassDark && g !== TILE.GrassTufts) || m.decorationAt(x, y) !== -1) continue;
      const n = hash(x, y, 57);
      if (n < 0.008) m.setDecoration(x, y, TILE.Tree);
      else if (n < 0.018) m.setDecoration(x, y, TILE.Bush);
      else if (n < 0.024) m.setDecoration(x, y, TILE.Rock);
      else if (n < 0.046) m.setDecoration(x, y, hash(x, y, 58) < 0.5 ? TILE.Flowers : TILE.FlowersBlue);
    }
  }
}

/** Builds the town. */
export function buildTown(): MapJson {
  const m = new MapBuilder('town', TOWN_WIDTH, TOWN_HEIGHT, TILE.Grass);
  grassLand(m);
  border(m);
  forest(m);
  lake(m);
  scatter(m);
  square(m);
  house(m);
  building(m, 27, 27, 8, 4, 3);
  building(m, 28, 39, 8, 4, 3);
  garden(m);
  const mid = SQUARE.y + 6;
  road(
    m,
    [
      [2, mid],
      [SQUARE.x, mid],
    ],
    TILE.Path,
  );
  road(
    m,
    [
      [SQUARE.x + SQUARE.w, mid],
      [TOWN_WIDTH - 3, mid],
    ],
    TILE.Path,
  );
  road(
    m,
    [
      [47, HOUSE.y + HOUSE.roofRows + HOUSE.wallRows],
      [47, SQUARE.y],
    ],
    TILE.Path,
  );
  road(
    m,
    [
      [47, SQUARE.y + SQUARE.h],
      [47, TOWN_HEIGHT - 3],
    ],
    TILE.Path,
  );
  road(
    m,
    [
      [LAKE.cx, SQUARE.y + SQUARE.h + 2],
      [47, SQUARE.y + SQUARE.h + 2],
    ],
    TILE.Path,
  );
  road(
    m,
    [
      [LAKE.cx, SQUARE.y + SQUARE.h + 2],
      [LAKE.cx, LAKE.cy - LAKE.ry - 1],
    ],
    TILE.Path,
  );
  // The forest trail: north from the east road, a dog-leg, up to a clearing.
  road(
    m,
    [
      [70, mid],
      [70, 26],
      [80, 26],
      [80, 12],
    ],
    TILE.Path,
  );
  m.fillGround(76, 7, 9, 6, TILE.ForestFloor);
  road(
    m,
    [
      [59, mid + 2],
      [59, 48],
      [63, 48],
    ],
    TILE.Path,
  );
  m.spawnAt('square', 48 * CELL_PX, (SQUARE.y + 9) * CELL_PX + CELL_PX / 2);
  m.chest('forest', 80, 8);
  m.chest('island', LAKE.cx, LAKE.cy + 1);
  m.chest('north', 44, 9);
  m.chest('west', 6, 12);
  for (const [x, y] of [
    [5, 11],
    [7, 11],
    [5, 13],
    [7, 13],
  ] as const) {
    m.setDecoration(x, y, TILE.Rock);
  }
  return m.build();
}
