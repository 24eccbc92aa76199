import type { Unsubscribe } from '../room/types';
import { P2PError } from '../util/errors';
import type { Item, Rect, ZoneItems } from '../zone/types';

/** Why an item action failed in a zone of quadtree groups. */
export const GroupsItemsErrorCode = {
  /** Dropped items are carried only by the one-group zone layer so far. */
  Unsupported: 'unsupported',
} as const;
/** One of {@link GroupsItemsErrorCode}'s values. */
export type GroupsItemsErrorCode = (typeof GroupsItemsErrorCode)[keyof typeof GroupsItemsErrorCode];

/** An item action in a zone of quadtree groups. */
export class GroupsItemsError extends P2PError<GroupsItemsErrorCode> {}

/**
 * Items of a zone of quadtree groups: none yet. The zone layer decides drops and pick-ups in its
 * system room and keeps them in DHT area records; the leaf groups replicate the cell room and
 * the game's room only, so `drop` and `pickUp` throw {@link GroupsItemsError} (`unsupported`)
 * and the lists are empty. See `plugin/src/zone-groups/README.md`.
 */
export class NoItems implements ZoneItems {
  list(): readonly Item[] {
    return [];
  }

  inRect(_r: Rect): readonly Item[] {
    return [];
  }

  drop(_kind: string, _x: number, _y: number): void {
    throw new GroupsItemsError(GroupsItemsErrorCode.Unsupported, 'items are not carried by quadtree groups yet');
  }

  pickUp(_id: string): void {
    throw new GroupsItemsError(GroupsItemsErrorCode.Unsupported, 'items are not carried by quadtree groups yet');
  }

  on(_e: 'dropped' | 'picked' | 'removed', _fn: (...args: never[]) => void): Unsubscribe {
    return () => {};
  }
}
