/**
 * Quadtree groups: each zone is divided into a self-organising quadtree of NEO groups (a leaf
 * cell is a group). Geometry, the leader rule, the split/merge and border hysteresis, group
 * records (leaf or inner) and the leaf finder. See `plugin/spec/groups.md`.
 * @module
 */

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
export { epochLeader, groupLeader, leaderRank } from './leader';
export { QuadTree } from './tree';
export { type FoundLeaf, LeafFinder, type LeafFinderOptions, type ReadCell } from './walk';
