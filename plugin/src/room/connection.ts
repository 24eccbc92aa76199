import type { P2PError } from '../util/errors';
import type { Result } from '../util/result';
import type { Unsubscribe } from './types';

/**
 * The membership port of a room handle. Group membership (joining the NEO group, epochs,
 * resynchronising from a snapshot) is NEO's business; the handle only asks for it through this
 * interface, which the NEO engine or the Phaser plugin implements.
 */

/** Where the local player stands with the room's group. */
export const RoomStatus = {
  /** Entering the group for the first time: waiting for the epoch that admits us and the snapshot. */
  Joining: 'joining',
  /** A member: our inputs go into rounds and the state follows the group. */
  Joined: 'joined',
  /** Links lost or timed out of the group; the state is frozen at the last applied round. */
  Dropped: 'dropped',
  /** `rejoin()` in progress, with the same identity (same keys, same player id). */
  Rejoining: 'rejoining',
  /** Left on purpose (or removed); `send()` throws until a successful `rejoin()`. */
  Left: 'left',
} as const;
/** One of {@link RoomStatus}'s values. */
export type RoomStatus = (typeof RoomStatus)[keyof typeof RoomStatus];

/** What a successful rejoin reports. */
export interface RejoinInfo {
  /** The round whose snapshot the replica was restored from (the state is current as of it). */
  readonly round: number;
}

/** Events of a {@link RoomConnection}. */
export interface RoomConnectionEvents {
  /** The status changed; fired once per change, after `status` reads the new value. */
  status: (status: RoomStatus) => void;
}

/**
 * Implemented by NEO / the plugin, one per room. Every method is safe to call in any status.
 *
 * - `leave()` leaves the group at its next epoch boundary and resolves when we are out (status
 *   `left`); calling it again resolves at once.
 * - `rejoin()` re-enters the group with the same identity after a drop or a leave: it rejoins at
 *   an epoch boundary, restores the replica from a majority snapshot (NEO calls
 *   `ReplicatedState.restore`), and resolves once the status is `joined`. Errors are values.
 */
export interface RoomConnection {
  readonly status: RoomStatus;
  leave(): Promise<void>;
  rejoin(signal?: AbortSignal): Promise<Result<RejoinInfo, P2PError>>;
  on<E extends keyof RoomConnectionEvents>(event: E, listener: RoomConnectionEvents[E]): Unsubscribe;
}
