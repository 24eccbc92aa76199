import { getAt, type PathKey } from '../room/paths';
import type { ZoneInfo } from '../zone';
import type { GroupsInfo } from '../zone-groups';
import type { AnyZoneRoom } from './types';

/**
 * What the plugin shows of a room, whichever layer made it. A zone of quadtree groups
 * (`GroupsZoneRoom`) shows its own leaf merged with the observed ones (`stateAt`); a one-group
 * zone, its room's state.
 */
export function shownStateAt(room: AnyZoneRoom, path: readonly PathKey[]): unknown {
  const r = room as { stateAt?: (path: readonly PathKey[]) => unknown };
  return typeof r.stateAt === 'function' ? r.stateAt(path) : getAt(room.room.state, path);
}

/** The quadtree part of a room's info (only zones of quadtree groups have one). */
export function groupsInfoOf(info: ZoneInfo | undefined): GroupsInfo | undefined {
  return (info as { groups?: GroupsInfo } | undefined)?.groups;
}
