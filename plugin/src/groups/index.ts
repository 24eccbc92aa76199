/**
 * Quadtree groups: each zone is divided into a self-organising quadtree of NEO groups (a leaf
 * cell is a group). `joinGroups` puts the player into the leaf holding its avatar; its entity is
 * handed over as it walks, its group splits and merges, the camera's view chooses the leaves it
 * observes, and leaders carry zone events. See `plugin/spec/groups.md`.
 * @module
 */

export type { PlayedEvent } from './broadcast';
export { CellComposite, deriveCellState } from './cell-composite';
export { type CellMessages, cellRoom, initialCellState } from './cell-room';
export type {
  Arrival,
  CellParams,
  CellState,
  Entity,
  Outgoing,
  RecordSign,
  Transition,
  ZoneEventRec,
} from './cell-state';
export { checkEvent, EVENT_LEAD_MS, eventSigningBytes, type ZoneEventWire } from './events';
export { CHECK_EVERY, MAX_SUBSCRIBERS, ObserverFeed } from './feed';
export {
  cellAt,
  cellRect,
  childrenOf,
  depthOf,
  isCellPath,
  MAX_DEPTH,
  type Point,
  parentOf,
  ROOT_CELL,
  type RootSquare,
  rootSquare,
  siblingsOf,
} from './geometry';
export { checkHandoff, type HandoffClaim, type HandoffRefusal, handoffSigningBytes } from './handoff';
export {
  checkSizeRule,
  DEFAULT_SIZE_RULE,
  type GroupSizeRule,
  leafWithHysteresis,
  NO_WATCH,
  type SizeAction,
  type SizeObservation,
  type SizeWatch,
  watchSize,
} from './hysteresis';
export { joinGroups } from './join';
export { epochLeader } from './leader';
export { CellObserver, type ObserverCounters } from './observer';
export {
  GROUPS_DEFAULTS,
  type JoinGroupsOptions,
  type QuadtreeRules,
  type ResolvedGroupsOptions,
  resolveGroupsOptions,
} from './options';
export { GroupsPlayer } from './player';
export { QuadTree } from './tree';
export type { ObservedLeaf } from './view';
export { type FoundLeaf, LeafFinder, type LeafFinderOptions, type ReadCell } from './walk';
