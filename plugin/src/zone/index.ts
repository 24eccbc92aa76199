/**
 * Zones: what puts a player into the NEO group of a zone of the game world. Discovery through
 * the zone's DHT group record, founding, joining, merging two groups founded at once, leaving,
 * cheat proofs to bans, dropped items kept in DHT area records, and the `ZoneRoom` the Phaser
 * plugin and the game use. Until the quadtree groups land, each zone is one group (cell `r`).
 * See `plugin/spec/zone.md`.
 * @module
 */

export { CellGrid, MAX_ZONE_CELLS, type ZoneCell } from './cells';
export type { ZonePeerContext } from './context';
export { ZoneError, ZoneErrorCode, ZoneOptionError } from './errors';
export { joinZone } from './join';
export { type ResolvedZoneOptions, resolveZoneOptions, ZONE_DEFAULTS } from './options';
export {
  type Item,
  type JoinZoneOptions,
  type Rect,
  type ZoneDef,
  type ZoneInfo,
  type ZoneItems,
  type ZoneMemberInfo,
  type ZoneRoom,
  ZoneStep,
} from './types';
