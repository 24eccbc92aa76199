import { type RejoinInfo, type RoomConnection, type RoomConnectionEvents, RoomStatus } from '../room/connection';
import type { Unsubscribe } from '../room/types';
import type { P2PError } from '../util/errors';
import type { Result } from '../util/result';

/** What the connection asks of its zone room. */
export interface ConnectionOwner {
  leave(): Promise<void>;
  rejoin(signal?: AbortSignal): Promise<Result<RejoinInfo, P2PError>>;
}

/**
 * The game room handle's membership port, implemented by the zone: the status follows the zone
 * room's group (joining, joined, dropped when removed, rejoining while it moves or rejoins, left),
 * `leave()` and `rejoin()` go to the zone room.
 */
export class ZoneConnection implements RoomConnection {
  #status: RoomStatus = RoomStatus.Joining;
  readonly #listeners = new Set<RoomConnectionEvents['status']>();
  #owner: ConnectionOwner | undefined;

  get status(): RoomStatus {
    return this.#status;
  }

  /** @internal Binds the zone room (done once, right after both exist). */
  bind(owner: ConnectionOwner): void {
    this.#owner = owner;
  }

  /** @internal Moves to `status` and tells the listeners (nothing when unchanged). */
  set(status: RoomStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const fn of [...this.#listeners]) {
      try {
        fn(status);
      } catch {
        // A listener's failure is the handle's business (it isolates its own listeners).
      }
    }
  }

  leave(): Promise<void> {
    return this.#owner?.leave() ?? Promise.resolve();
  }

  rejoin(signal?: AbortSignal): Promise<Result<RejoinInfo, P2PError>> {
    if (this.#owner === undefined) throw new Error('ZoneConnection used before its zone room exists');
    return this.#owner.rejoin(signal);
  }

  on<E extends keyof RoomConnectionEvents>(_event: E, listener: RoomConnectionEvents[E]): Unsubscribe {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
