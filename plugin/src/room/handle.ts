import type { Patch } from 'immer';
import type { PeerId } from '../transport/transport';
import type { P2PError } from '../util/errors';
import type { Result } from '../util/result';
import { type RejoinInfo, type RoomConnection, RoomStatus } from './connection';
import { RoomError, RoomErrorCode } from './errors';
import { ListenerSet, PathListeners } from './listeners';
import { getAt, type ItemOf, type KeyOf, keysOf, type PathKey, type PathOf, type ValueAt } from './paths';
import type { RoomCounters, RoomReplica, RoomUpdate } from './replica';
import type { SpeculationCounters } from './speculative';
import type { RoomMessageName, StateView, Unsubscribe } from './types';

/** A path the handle's listeners accept: into the state, or `[]` for the root. */
export type StatePath<S> = PathOf<S> | readonly [];

/** The view of the value at path `P` (absent keys read as `undefined`). */
export type ViewAt<S, P> = StateView<ValueAt<S, P>> | undefined;

/** Options of {@link RoomHandle.onAdd}. */
export interface OnAddOptions {
  /** Also call the listener at once for every item already there. Default true. */
  readonly immediate?: boolean;
}

/** {@link RoomCounters} plus the local queue length. */
export interface RoomStats extends RoomCounters {
  readonly queued: number;
}

/**
 * What game code holds: the room's state (deeply frozen), `send`, listeners, and membership.
 * Every listener is isolated (one that throws is reported via `onError`; the rest still run) and
 * every `on*` returns its unsubscribe function. Per update the order is: `onStateChange`, path
 * listeners (`listen`, `onAdd`, `onRemove`, in registration order), `onLeave`, `onJoin`, `onError`.
 */
export class RoomHandle<S extends object, M> {
  readonly #replica: RoomReplica<S, M>;
  readonly #connection: RoomConnection;
  readonly #state = new ListenerSet<[StateView<S>, StateView<S>, readonly Patch[]]>();
  readonly #paths = new PathListeners();
  readonly #join = new ListenerSet<[PeerId]>();
  readonly #leave = new ListenerSet<[PeerId]>();
  readonly #error = new ListenerSet<[RoomError]>();
  readonly #status = new ListenerSet<[RoomStatus]>();
  readonly #speculative = new ListenerSet<[]>();
  readonly #detach: Unsubscribe[];
  #closed: boolean;
  #leaving: Promise<void> | undefined;
  #rejoining: Promise<Result<RejoinInfo, P2PError>> | undefined;

  constructor(replica: RoomReplica<S, M>, connection: RoomConnection) {
    this.#replica = replica;
    this.#connection = connection;
    this.#closed = connection.status === RoomStatus.Left;
    this.#detach = [
      replica.observe({
        update: (u) => this.#onUpdate(u),
        localError: (e) => this.#reportError(e),
        speculative: () =>
          this.#speculative.emit((error, what) => this.#listenerThrew(error, what), 'onSpeculativeChange'),
      }),
      connection.on('status', (s) => this.#onStatus(s)),
    ];
  }

  /** The local player's id. */
  get self(): PeerId {
    return this.#replica.self;
  }

  /** The current state: deeply frozen plain data; a new object after every change. */
  get state(): StateView<S> {
    return this.#replica.observedState;
  }

  /** The last applied round. */
  get round(): number {
    return this.#replica.round;
  }

  /**
   * What to draw now (rollback-style): the decided {@link state} plus the rounds after it re-run
   * with the inputs revealed so far (other players' inputs readable before their round is
   * decided) and this player's own queued-and-sent input. Deeply frozen; not authoritative: an
   * input shown here that the decision rejects disappears, and a reducer's `ctx.rng` draws differ
   * until decided (provisional seed). Computed on read after a change, at most the rewind
   * window of rounds ahead.
   */
  get speculativeState(): StateView<S> {
    return this.#replica.speculativeState;
  }

  /** The round {@link speculativeState} stands at ({@link round} when nothing is speculated). */
  get speculativeRound(): number {
    return this.#replica.speculativeRound;
  }

  /**
   * Runs when the speculative view changed (an input revealed or sent, a round decided). Read
   * {@link speculativeState} when you draw rather than here: it is re-run lazily on read.
   */
  onSpeculativeChange(fn: () => void): Unsubscribe {
    return this.#speculative.add(fn);
  }

  /** Counters of the speculative view: rounds re-run, inputs confirmed and mispredicted (rolled back). */
  speculationStats(): SpeculationCounters {
    return { ...this.#replica.speculation };
  }

  /** The membership status, as the connection reports it. */
  get status(): RoomStatus {
    return this.#connection.status;
  }

  /**
   * Queues a message for the next round. The payload is checked against the message's schema at
   * once: an unknown type or a bad payload throws a {@link RoomError} here, at the caller (a
   * programming error). Returns false when the queue is full (reported as `queue-full`). The
   * message takes effect when its round is decided, at every peer alike, including this one.
   */
  send<K extends RoomMessageName<M>>(type: K, payload: M[K]): boolean {
    if (this.#closed) {
      throw new RoomError(RoomErrorCode.Closed, `room ${this.#replica.definition.name}: send('${type}') after leave()`);
    }
    return this.#replica.enqueue(type, payload);
  }

  /** Runs after every change with the new state, the previous one, and the immer patches between them. */
  onStateChange(fn: (state: StateView<S>, previous: StateView<S>, patches: readonly Patch[]) => void): Unsubscribe {
    return this.#state.add(fn);
  }

  /**
   * Runs when the value at `path` changes (by reference: immer gives changed subtrees new
   * objects), with the new value, the old one, and the patches that touched the path.
   */
  listen<const P extends StatePath<S>>(
    path: P,
    fn: (value: ViewAt<S, P>, previous: ViewAt<S, P>, patches: readonly Patch[]) => void,
  ): Unsubscribe {
    return this.#paths.add({ kind: 'value', path: [...(path as readonly PathKey[])], fn: fn as never });
  }

  /** Runs for each key added to the record (or index added to the array) at `path`. */
  onAdd<const P extends StatePath<S>>(
    path: P,
    fn: (key: KeyOf<ValueAt<S, P>>, value: StateView<ItemOf<ValueAt<S, P>>>) => void,
    options: OnAddOptions = {},
  ): Unsubscribe {
    const p = [...(path as readonly PathKey[])];
    const off = this.#paths.add({ kind: 'add', path: p, fn: fn as never });
    if (options.immediate ?? true) {
      const col = getAt(this.state, p);
      for (const key of keysOf(col)) {
        try {
          (fn as (k: PathKey, v: unknown) => void)(key, getAt(col, [key]));
        } catch (error) {
          this.#listenerThrew(error, 'onAdd (immediate)');
        }
      }
    }
    return off;
  }

  /** Runs for each key removed from the record (or index cut from the array) at `path`, with its last value. */
  onRemove<const P extends StatePath<S>>(
    path: P,
    fn: (key: KeyOf<ValueAt<S, P>>, previous: StateView<ItemOf<ValueAt<S, P>>>) => void,
  ): Unsubscribe {
    return this.#paths.add({ kind: 'remove', path: [...(path as readonly PathKey[])], fn: fn as never });
  }

  /** Another player joined the room (the local player's own join shows as status `joined`). */
  onJoin(fn: (player: PeerId) => void): Unsubscribe {
    return this.#join.add(fn);
  }

  /** Another player left or timed out. */
  onLeave(fn: (player: PeerId) => void): Unsubscribe {
    return this.#leave.add(fn);
  }

  /** Room errors: deterministic handler errors (same at every peer), and local ones (lost input, full queue, listener threw). */
  onError(fn: (error: RoomError) => void): Unsubscribe {
    return this.#error.add(fn);
  }

  /** Membership status changes. */
  onStatus(fn: (status: RoomStatus) => void): Unsubscribe {
    return this.#status.add(fn);
  }

  /** Counters since creation. */
  stats(): RoomStats {
    const c = this.#replica.counters;
    return { ...c, dropped: { ...c.dropped }, queued: this.#replica.queued };
  }

  /** Leaves the room: `send()` throws from now on and queued messages are dropped. Idempotent. */
  leave(): Promise<void> {
    this.#closed = true;
    this.#replica.clearQueue();
    this.#leaving ??= this.#connection.leave().finally(() => {
      this.#leaving = undefined;
    });
    return this.#leaving;
  }

  /**
   * Rejoins with the same identity after a drop or a leave; concurrent calls share one attempt.
   * Messages queued while dropped are kept and go out once rejoined.
   */
  rejoin(signal?: AbortSignal): Promise<Result<RejoinInfo, P2PError>> {
    this.#rejoining ??= this.#connection
      .rejoin(signal)
      .then((r) => {
        if (r.ok) this.#closed = false;
        return r;
      })
      .finally(() => {
        this.#rejoining = undefined;
      });
    return this.#rejoining;
  }

  /** Detaches from the replica and the connection and drops every listener. The room itself is untouched. */
  dispose(): void {
    for (const off of this.#detach) off();
    for (const set of [this.#state, this.#join, this.#leave, this.#error, this.#status, this.#paths, this.#speculative])
      set.clear();
  }

  #onUpdate(u: RoomUpdate<S>): void {
    const report = (error: unknown, what: string): void => this.#listenerThrew(error, what);
    this.#state.emit(report, 'onStateChange', u.state, u.previous, u.patches);
    this.#paths.dispatch(u.previous, u.state, u.patches, report);
    for (const p of u.left) if (p !== this.self) this.#leave.emit(report, 'onLeave', p);
    for (const p of u.joined) if (p !== this.self) this.#join.emit(report, 'onJoin', p);
    for (const e of u.errors) this.#reportError(e);
  }

  #onStatus(status: RoomStatus): void {
    if (status === RoomStatus.Left) {
      this.#closed = true;
      this.#replica.clearQueue();
    } else if (status === RoomStatus.Joined) {
      this.#closed = false;
    }
    this.#status.emit((error, what) => this.#listenerThrew(error, what), 'onStatus', status);
  }

  #listenerThrew(cause: unknown, what: string): void {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const name = this.#replica.definition.name;
    this.#reportError(new RoomError(RoomErrorCode.ListenerThrew, `room ${name}: ${what} threw: ${reason}`, { cause }));
  }

  #reportError(error: RoomError): void {
    // An onError listener that throws is ignored: reporting it would recurse.
    this.#error.emit(() => {}, 'onError', error);
  }
}
