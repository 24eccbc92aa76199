import type { Rect, ZoneInfo } from '../zone';
import { groupsInfoOf } from './room-view';

/**
 * The debug overlay as data: what `overlay.ts` draws, computed from `ZoneRoom.info()` without
 * Phaser. World-space parts (the zone's area cells as grid lines, observed cells highlighted,
 * the interest rectangle) and a text panel fixed to the camera (group, leader, round, R and k,
 * loss, each member's RTT).
 */

/** A line segment in world space. */
export interface OverlayLine {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** An area cell of the zone. */
export interface OverlayCell {
  readonly name: string;
  readonly rect: Rect;
  /** The camera's interest rectangle overlaps it (it is observed). */
  readonly observed: boolean;
}

/** A member of the player's group. */
export interface OverlayMember {
  readonly id: string;
  /** Name when known, else a short id. */
  readonly label: string;
  readonly leader: boolean;
  readonly self: boolean;
  readonly rttMs: number | undefined;
}

/** Everything the overlay shows. */
export interface OverlayModel {
  /** The outline of the area cells together. */
  readonly bounds: Rect | undefined;
  /** Cell boundaries (vertical then horizontal), each spanning the bounds. */
  readonly gridLines: readonly OverlayLine[];
  readonly cells: readonly OverlayCell[];
  readonly interest: Rect | undefined;
  /** With quadtree groups: the player's own leaf (its group's cell). */
  readonly own: Rect | undefined;
  readonly members: readonly OverlayMember[];
  /** Text lines of the panel, top to bottom. */
  readonly panel: readonly string[];
}

/** Inputs of {@link buildOverlayModel} besides the zone info. */
export interface OverlayModelOptions {
  /** The local player's id. */
  readonly self: string;
  /** Names of players, when the session knows them. */
  readonly nameOf?: (id: string) => string | undefined;
  /** Extra panel lines (the plugin's own counters). */
  readonly extra?: readonly string[];
}

/** The mark of the group's leader in the panel. */
export const LEADER_MARK = '*';

function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

function unionRect(rects: readonly Rect[]): Rect | undefined {
  if (rects.length === 0) return undefined;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function gridLines(rects: readonly Rect[], bounds: Rect | undefined): OverlayLine[] {
  if (bounds === undefined) return [];
  const xs = new Set<number>();
  const ys = new Set<number>();
  for (const r of rects) {
    xs.add(r.x).add(r.x + r.width);
    ys.add(r.y).add(r.y + r.height);
  }
  const bottom = bounds.y + bounds.height;
  const right = bounds.x + bounds.width;
  return [
    ...[...xs].sort((a, b) => a - b).map((x) => ({ x1: x, y1: bounds.y, x2: x, y2: bottom })),
    ...[...ys].sort((a, b) => a - b).map((y) => ({ x1: bounds.x, y1: y, x2: right, y2: y })),
  ];
}

function ms(v: number | undefined): string {
  return v === undefined ? '-' : `${Math.round(v)} ms`;
}

/** Each rectangle's four edges, once each (quadtree leaves of different sizes share no grid). */
function outlines(rects: readonly Rect[]): OverlayLine[] {
  const seen = new Set<string>();
  const out: OverlayLine[] = [];
  for (const r of rects) {
    const [x0, y0, x1, y1] = [r.x, r.y, r.x + r.width, r.y + r.height];
    for (const l of [
      { x1: x0, y1: y0, x2: x1, y2: y0 },
      { x1: x0, y1: y1, x2: x1, y2: y1 },
      { x1: x0, y1: y0, x2: x0, y2: y1 },
      { x1: x1, y1: y0, x2: x1, y2: y1 },
    ]) {
      const key = `${l.x1},${l.y1},${l.x2},${l.y2}`;
      if (!seen.has(key)) out.push(l);
      seen.add(key);
    }
  }
  return out;
}

/** Builds the overlay of `info` (see the module comment). */
export function buildOverlayModel(info: ZoneInfo, o: OverlayModelOptions): OverlayModel {
  const observed = new Set(info.observedCells);
  const groups = groupsInfoOf(info);
  const cells = info.cells.map((c) => ({ name: c.name, rect: c.rect, observed: observed.has(c.name) }));
  const rects = cells.map((c) => c.rect);
  const bounds = unionRect(rects);
  const members = info.members.map((m) => ({
    id: m.id,
    label: o.nameOf?.(m.id) ?? shortId(m.id),
    leader: m.leader || m.id === info.leader,
    self: m.id === o.self,
    rttMs: m.rttMs,
  }));
  const loss = `${(info.loss * 100).toFixed(1)}%`;
  const panel = [
    `zone ${info.zone}  cell ${info.cell}  group ${shortId(info.groupId)}`,
    `round ${info.round}  applied ${info.appliedRound ?? '-'}  confirmed ${info.confirmedRound}  epoch ${info.epoch ?? '-'}`,
    `R ${info.roundMs} ms  k ${info.k}  loss ${loss}`,
    `observed ${info.observedCells.length > 0 ? info.observedCells.join(' ') : '-'}`,
    ...(groups === undefined
      ? []
      : [
          `quadtree leaves ${groups.leaves.length}  leader ${groups.leader === undefined ? '-' : (o.nameOf?.(groups.leader) ?? shortId(groups.leader))}`,
        ]),
    `members ${members.length}  (${LEADER_MARK} leader)`,
    ...members.map((m) =>
      `${m.leader ? LEADER_MARK : ' '} ${m.label}${m.self ? ' (you)' : ''}  ${m.self ? '' : ms(m.rttMs)}`.trimEnd(),
    ),
    ...(o.extra ?? []),
  ];
  const lines = groups === undefined ? gridLines(rects, bounds) : outlines(rects);
  return { bounds, gridLines: lines, cells, interest: info.interest, own: groups?.cellRect, members, panel };
}
