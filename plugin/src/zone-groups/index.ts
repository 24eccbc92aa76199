/**
 * A zone of quadtree groups as a `ZoneRoom`: what lets the Phaser plugin and a game written for
 * the one-group zone layer run on `joinGroups` (the camera chooses the observed leaves, the
 * avatar's position its group). See `README.md` here.
 * @module
 */

export {
  type GroupsCellInfo,
  type GroupsInfo,
  type GroupsRoomParts,
  GroupsZoneRoom,
  type ObservedLeafInfo,
  type ZoneGroupsInfo,
} from './groups-room';
export { GroupsItemsError, GroupsItemsErrorCode, NoItems } from './items';
export { joinZoneGroups } from './join';
export { mergedAt } from './merge-view';
export {
  GROUPS_DISCOVERY_TIMEOUT_MS,
  groupsOptionsOf,
  type JoinZoneGroupsOptions,
  type ZoneGroupsOptions,
} from './options';
export { RoundMap } from './round-map';
export { RoundTraffic } from './round-traffic';
