import type { Patch } from 'immer';
import type { DecidedRound, ReplicatedState } from '../neo/replicated-state';
import type { RevealedInput } from '../neo/reveals';
import type { PeerId } from '../transport/transport';
import { err, ok, type Result } from '../util/result';
import { resolveLimits as resolveWireLimits, type WireLimits } from '../wire/limits';
import { RoomDropCode, RoomError, RoomErrorCode } from './errors';
import { checkRetain, initialState } from './initial';
import { badOption } from './options';
import { SendQueue } from './queue';
import { applyRound } from './reducer';
import type { ReplicaObserver, RoomCounters, RoomReplicaOptions, RoomUpdate } from './replica-types';
import { DEFAULT_SNAPSHOT_LIMITS, decodeSnapshot, encodeSnapshot, hashState } from './snapshot';
import { type SpeculationCounters, SpeculativeView } from './speculative';
import type { RoomDefinition, StateView, Unsubscribe } from './types';

interface Entry<S> {
  readonly round: number;
  readonly state: S;
  readonly hash: Uint8Array;
}

/**
 * One room instance as NEO replicates it: implements {@link ReplicatedState}. Every peer runs
 * one per room; `apply` is deterministic, so all honest peers hold the same state and hash.
 */
export class RoomReplica<S extends object, M> implements ReplicatedState {
  readonly definition: RoomDefinition<S, M>;
  readonly self: PeerId;
  readonly counters: RoomCounters;
  readonly #queue: SendQueue;
  readonly #snapshotLimits: WireLimits;
  readonly #observers = new Set<ReplicaObserver<S>>();
  /** Per round we gave an input to: how many messages, and those to send again if it is not accepted. */
  readonly #taken = new Map<number, { readonly count: number; readonly resend: readonly Uint8Array[] }>();
  #history: Entry<S>[];
  #retain: number;
  #observed: S;
  #pendingReset = false;
  #snapshotCache: { readonly entry: Entry<S>; readonly bytes: Uint8Array } | undefined;
  readonly #speculative: SpeculativeView<S>;

  constructor(definition: RoomDefinition<S, M>, options: RoomReplicaOptions) {
    this.definition = definition;
    if (typeof options.self !== 'string' || options.self === '') badOption('self', 'a non-empty peer id', options.self);
    this.self = options.self;
    const start = options.startRound ?? 0;
    if (!Number.isSafeInteger(start) || start < 0) badOption('startRound', 'a non-negative integer', start);
    this.#retain = checkRetain(options.retainRounds ?? 8);
    this.#snapshotLimits = { ...resolveWireLimits(DEFAULT_SNAPSHOT_LIMITS), ...options.snapshotLimits };
    this.#queue = new SendQueue(definition as unknown as RoomDefinition<object, unknown>);
    const state = initialState(definition as unknown as RoomDefinition<S, unknown>);
    this.#history = [{ round: start - 1, state, hash: hashState(state) }];
    this.#observed = state;
    this.#speculative = new SpeculativeView(
      definition as unknown as RoomDefinition<S, unknown>,
      this.self,
      this.#retain,
    );
    const dropped = {} as Record<RoomDropCode, number>;
    for (const code of Object.values(RoomDropCode)) dropped[code] = 0;
    this.counters = {
      rounds: 0,
      applied: 0,
      handlerErrors: 0,
      invalidState: 0,
      dropped,
      inputsLost: 0,
      resent: 0,
      queueFull: 0,
    };
  }

  get #current(): Entry<S> {
    return this.#history[this.#history.length - 1]!;
  }

  /** The current state (deeply frozen). */
  get state(): StateView<S> {
    return this.#current.state as StateView<S>;
  }

  /** The state observers last saw (differs from {@link state} between a `rewind` and the next update). */
  get observedState(): StateView<S> {
    return this.#observed as StateView<S>;
  }

  /** The last applied round (`startRound - 1` before any). */
  get round(): number {
    return this.#current.round;
  }

  /**
   * The speculative view (see `plugin/spec/room.md`): the decided state plus the rounds after it
   * re-run with the inputs revealed so far and our own. Not authoritative; computed when read
   * after a change. Equals {@link state} when nothing past the last applied round is known.
   */
  get speculativeState(): StateView<S> {
    return this.#speculative.state(this.#current.round, this.#current.state) as StateView<S>;
  }

  /** The round {@link speculativeState} stands at (the last applied round when nothing is speculated). */
  get speculativeRound(): number {
    return this.#speculative.round(this.#current.round);
  }

  /** Counters of the speculative view (local to this peer). */
  get speculation(): Readonly<SpeculationCounters> {
    return this.#speculative.counters;
  }

  /**
   * A member's input of a round not yet applied, readable before its decision (NEO's `revealed`
   * event: wire it with `group.on('revealed', (r) => replica.reveal(r))`). Never throws.
   */
  reveal(input: RevealedInput): void {
    if (this.#speculative.reveal(input, this.#current.round)) this.#speculate();
  }

  /** Messages waiting to be sent. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Watches updates, local errors and drops; returns the unsubscribe function. */
  observe(observer: ReplicaObserver<S>): Unsubscribe {
    this.#observers.add(observer);
    return () => {
      this.#observers.delete(observer);
    };
  }

  /**
   * Queues a local message for the next round (see `RoomHandle.send`). Throws on a programming
   * error; returns false when the queue is full (also reported as a local `queue-full` error).
   */
  enqueue(type: string, payload: unknown): boolean {
    if (this.#queue.push(type, payload)) return true;
    this.counters.queueFull++;
    const max = this.definition.limits.maxQueuedMessages;
    this.#local(
      new RoomError(
        RoomErrorCode.QueueFull,
        `room ${this.definition.name}: ${max} messages already queued; '${type}' dropped`,
        {
          step: type,
        },
      ),
    );
    return false;
  }

  /** Drops every queued message. */
  clearQueue(): void {
    this.#queue.clear();
  }

  takeInput(round: number): Uint8Array | null {
    const taken = this.#queue.take();
    if (taken === null) return null;
    this.#taken.set(round, { count: taken.count, resend: taken.resend });
    if (this.#speculative.own(round, taken.input, this.#current.round)) this.#speculate();
    return taken.input;
  }

  apply(round: DecidedRound): Uint8Array {
    const current = this.#current;
    if (!Number.isSafeInteger(round.round) || round.round <= current.round || round.seed.length !== 32) {
      throw new RoomError(
        RoomErrorCode.BadRound,
        `room ${this.definition.name}: cannot apply round ${round.round} (seed ${round.seed.length} bytes) after round ${current.round}`,
        { round: round.round },
      );
    }
    const out = applyRound(this.definition as unknown as RoomDefinition<S, unknown>, current.state, round);
    const hash = out.state === current.state ? current.hash : hashState(out.state);
    this.#history.push({ round: round.round, state: out.state, hash });
    this.#trim();
    const c = this.counters;
    c.rounds++;
    c.applied += out.applied;
    for (const e of out.errors) {
      if (e.code === RoomErrorCode.InvalidState) c.invalidState++;
      else c.handlerErrors++;
    }
    for (const d of out.drops) {
      c.dropped[d.code]++;
      this.#each((o) => o.drop?.(d));
    }
    this.#checkLostInput(round);
    this.#speculative.decided(round);
    this.#emit(round.round, out.patches, round.joined, round.left, out.errors);
    this.#speculate();
    return hash.slice();
  }

  stateHash(): Uint8Array {
    return this.#current.hash.slice();
  }

  snapshot(): Uint8Array {
    const entry = this.#current;
    if (this.#snapshotCache?.entry !== entry) {
      this.#snapshotCache = { entry, bytes: encodeSnapshot(this.definition.name, entry.round, entry.state) };
    }
    return this.#snapshotCache.bytes.slice();
  }

  restore(snapshot: Uint8Array, round: number): Result<Uint8Array, RoomError> {
    if (!Number.isSafeInteger(round) || round < -1) {
      return err(new RoomError(RoomErrorCode.BadSnapshot, `snapshot rejected: bad round ${round}`));
    }
    const decoded = decodeSnapshot(snapshot, {
      room: this.definition.name,
      round,
      limits: this.#snapshotLimits,
      stateSchema: this.definition.config.stateSchema,
    });
    if (!decoded.ok) return decoded;
    const state = decoded.value as S;
    const hash = hashState(state);
    this.#history = [{ round, state, hash }];
    this.#taken.clear();
    this.#speculative.reset(round);
    this.#pendingReset = true;
    this.#emit(round, [], [], [], []);
    this.#speculate();
    return ok(hash.slice());
  }

  rewind(round: number): boolean {
    const i = this.#history.findIndex((e) => e.round === round);
    if (i < 0) return false;
    if (i < this.#history.length - 1) {
      this.#history.length = i + 1;
      this.#pendingReset = true;
    }
    return true;
  }

  retainRounds(count: number): void {
    this.#retain = checkRetain(count);
    this.#speculative.setWindow(this.#retain);
    this.#trim();
  }

  #trim(): void {
    const excess = this.#history.length - (this.#retain + 1);
    if (excess > 0) this.#history.splice(0, excess);
  }

  #checkLostInput(round: DecidedRound): void {
    const taken = this.#taken.get(round.round);
    for (const r of this.#taken.keys()) if (r <= round.round) this.#taken.delete(r);
    if (taken === undefined) return;
    const mine = round.inputs.find((i) => i.player === this.self);
    if (mine !== undefined && mine.input !== null) return;
    this.counters.inputsLost++;
    // Only a final decision: one made by giving up may be made again with our input accepted.
    const resend = round.final === true ? taken.resend : [];
    this.#queue.requeue(resend);
    this.counters.resent += resend.length;
    const again = resend.length === 0 ? '' : `; ${resend.length} of them (resend: true) are sent again`;
    this.#local(
      new RoomError(
        RoomErrorCode.InputLost,
        `room ${this.definition.name}: this peer's input for round ${round.round} (${taken.count} messages) was not accepted${again}`,
        { round: round.round, player: this.self },
      ),
    );
  }

  #emit(
    round: number,
    patches: Patch[],
    joined: readonly PeerId[],
    left: readonly PeerId[],
    errors: RoomError[],
  ): void {
    const previous = this.#observed;
    const state = this.#current.state;
    const reset = this.#pendingReset;
    this.#pendingReset = false;
    this.#observed = state;
    const update: RoomUpdate<S> = Object.freeze({
      round,
      previous: previous as StateView<S>,
      state: state as StateView<S>,
      patches: reset ? [{ op: 'replace' as const, path: [], value: state }] : patches,
      joined,
      left,
      errors,
      reset,
    });
    this.#each((o) => o.update?.(update));
  }

  /** The speculative view changed: observers may read it again (it is computed then). */
  #speculate(): void {
    this.#each((o) => o.speculative?.());
  }

  #local(error: RoomError): void {
    this.#each((o) => o.localError?.(error));
  }

  /** Calls every observer; one that throws cannot break NEO's round processing or the others. */
  #each(call: (o: ReplicaObserver<S>) => void): void {
    for (const o of [...this.#observers]) {
      try {
        call(o);
      } catch {
        // Observers isolate their own listeners; this only guards the protocol engine.
      }
    }
  }
}

export type { ReplicaObserver, RoomCounters, RoomReplicaOptions, RoomUpdate } from './replica-types';
