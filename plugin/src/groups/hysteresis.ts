/**
 * The two hysteresis rules of the quadtree (pure, the same at every member):
 * - group size: a leaf splits once it has held more than `maxGroup` members for `holdMs`
 *   without a break; four sibling leaves merge once together they have held fewer than
 *   `minGroup` for `holdMs`. A split leaves the four children holding more than `maxGroup >=
 *   minGroup` together, so a merge cannot follow it until players leave;
 * - borders: a player stays in its leaf while its avatar is inside the leaf grown by a margin,
 *   so walking along a border never switches back and forth.
 */
import { contains, expand, type Point } from './geometry';
import type { QuadTree } from './tree';

/** The size thresholds of the zone's groups. */
export interface GroupSizeRule {
  /** A leaf holding more members than this for `holdMs` splits (default 16). */
  readonly maxGroup: number;
  /** Four sibling leaves holding fewer members than this together for `holdMs` merge (default 6). */
  readonly minGroup: number;
  /** How long a condition must hold without a break, ms (default 2000: about an epoch). */
  readonly holdMs: number;
}

/** Defaults of {@link GroupSizeRule}. */
export const DEFAULT_SIZE_RULE: GroupSizeRule = Object.freeze({ maxGroup: 16, minGroup: 6, holdMs: 2000 });

/** What the size watch remembers between observations (part of the replicated cell state). */
export interface SizeWatch {
  /** Time since which the leaf has held more than `maxGroup` members without a break. */
  readonly overSince: number | null;
  /** Time since which the leaf and its siblings have held fewer than `minGroup` together. */
  readonly underSince: number | null;
}

/** A fresh watch. */
export const NO_WATCH: SizeWatch = Object.freeze({ overSince: null, underSince: null });

/** One observation: the decided round's time, the leaf's member count, and its siblings' total. */
export interface SizeObservation {
  readonly time: number;
  readonly size: number;
  /**
   * Members of this leaf and its three siblings together, when every sibling is a known leaf (or
   * empty); undefined when unknown, when a sibling is split, or at the root.
   */
  readonly siblingsTotal?: number | undefined;
}

/** What the watch says after an observation. */
export type SizeAction = 'split' | 'merge' | 'none';

/** Checks a rule's numbers; throws `RangeError` naming the field. */
export function checkSizeRule(rule: GroupSizeRule): GroupSizeRule {
  const { maxGroup, minGroup, holdMs } = rule;
  if (!Number.isSafeInteger(maxGroup) || maxGroup < 2 || maxGroup > 63) {
    throw new RangeError(`maxGroup must be an integer in [2, 63], got ${maxGroup}`);
  }
  if (!Number.isSafeInteger(minGroup) || minGroup < 1 || minGroup > maxGroup) {
    throw new RangeError(`minGroup must be an integer in [1, maxGroup], got ${minGroup}`);
  }
  if (!Number.isFinite(holdMs) || holdMs < 0) throw new RangeError(`holdMs must be >= 0, got ${holdMs}`);
  return rule;
}

/**
 * Feeds one observation to the watch. A split wins over a merge (a leaf cannot be both above
 * `maxGroup` and part of four below `minGroup <= maxGroup`).
 */
export function watchSize(
  w: SizeWatch,
  o: SizeObservation,
  rule: GroupSizeRule,
): { readonly watch: SizeWatch; readonly action: SizeAction } {
  const overSince = o.size > rule.maxGroup ? (w.overSince ?? o.time) : null;
  const under = o.siblingsTotal !== undefined && o.siblingsTotal < rule.minGroup;
  const underSince = under ? (w.underSince ?? o.time) : null;
  const watch = { overSince, underSince };
  if (overSince !== null && o.time - overSince >= rule.holdMs) return { watch, action: 'split' };
  if (underSince !== null && o.time - underSince >= rule.holdMs) return { watch, action: 'merge' };
  return { watch, action: 'none' };
}

/**
 * The leaf a player belongs to: its current leaf while that is still a leaf of `tree` and the
 * avatar is inside it grown by `margin`; otherwise the leaf holding the avatar.
 */
export function leafWithHysteresis(tree: QuadTree, current: string | undefined, p: Point, margin: number): string {
  if (current !== undefined && tree.isLeaf(current) && contains(expand(tree.rect(current), margin), p)) return current;
  return tree.leafAt(p);
}
