import type { DecidedRound } from '../neo/replicated-state';
import { P2PError } from '../util/errors';
import { err, ok, type Result } from '../util/result';
import { type RejoinInfo, type RoomConnection, type RoomConnectionEvents, RoomStatus } from './connection';
import type { Unsubscribe } from './types';

/**
 * An in-memory {@link RoomConnection} for tests of game code and of the handle: the test moves
 * it between statuses and decides what `rejoin()` answers.
 */
export class FakeRoomConnection implements RoomConnection {
  #status: RoomStatus;
  #listeners: RoomConnectionEvents['status'][] = [];
  /** What the next `rejoin()` resolves to; by default success at round 0. */
  nextRejoin: () => Result<RejoinInfo, P2PError> = () => ok({ round: 0 });
  /** How many times each method was called. */
  readonly calls = { leave: 0, rejoin: 0 };

  constructor(status: RoomStatus = RoomStatus.Joined) {
    this.#status = status;
  }

  get status(): RoomStatus {
    return this.#status;
  }

  /** Moves to `status` and tells the listeners (nothing happens when it is unchanged). */
  setStatus(status: RoomStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const fn of [...this.#listeners]) fn(status);
  }

  async leave(): Promise<void> {
    this.calls.leave++;
    await Promise.resolve();
    this.setStatus(RoomStatus.Left);
  }

  async rejoin(signal?: AbortSignal): Promise<Result<RejoinInfo, P2PError>> {
    this.calls.rejoin++;
    if (signal?.aborted) return err(new P2PError('aborted', 'rejoin aborted'));
    this.setStatus(RoomStatus.Rejoining);
    await Promise.resolve();
    const result = this.nextRejoin();
    this.setStatus(result.ok ? RoomStatus.Joined : RoomStatus.Dropped);
    return result;
  }

  on<E extends keyof RoomConnectionEvents>(_event: E, listener: RoomConnectionEvents[E]): Unsubscribe {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }
}

/** Fields of a test round; everything but `round` has a default. */
export interface TestRoundInit {
  readonly round: number;
  readonly epoch?: number;
  readonly time?: number;
  readonly joined?: readonly string[];
  readonly left?: readonly string[];
  readonly inputs?: readonly { readonly player: string; readonly input: Uint8Array | null }[];
  readonly seed?: Uint8Array;
}

/** Builds a `DecidedRound` for tests: time = round * 100, seed = 32 bytes of `round & 0xff`. */
export function testRound(init: TestRoundInit): DecidedRound {
  return {
    epoch: init.epoch ?? 0,
    round: init.round,
    time: init.time ?? init.round * 100,
    joined: init.joined ?? [],
    left: init.left ?? [],
    inputs: init.inputs ?? [],
    seed: init.seed ?? new Uint8Array(32).fill(init.round & 0xff),
  };
}
