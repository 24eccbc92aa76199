import { hash32 } from '../crypto/hash';
import type { DecidedInput, DecidedRound, ReplicatedState, RestoreError } from '../neo/replicated-state';
import type { RevealedInput } from '../neo/reveals';
import type { RoomReplica } from '../room/replica';
import { encodeSnapshot } from '../room/snapshot';
import { concatBytes } from '../util/bytes';
import { err, ok, type Result } from '../util/result';
import { decodeValue, encodeCanonical } from '../wire/codec';
import { NEO_MAX_INPUT_BYTES } from '../wire/messages/neo-common';
import type { SystemMessages, SystemState } from './system-room';

/** Counters of the composite state (identical at every member except `inputListenerErrors`). */
export interface CompositeCounters {
  /** Member inputs that were not `[bin|null, bin|null]`: dropped whole. */
  malformedInputs: number;
  /** `onBeforeInput` listeners that threw (local). */
  inputListenerErrors: number;
}

/**
 * What NEO replicates for a zone group: the game's room and the zone's system room side by
 * side. A member's input is the canonical msgpack `[gameInput | null, systemInput | null]`
 * (`null` when both are); the hash is `hash32(gameHash || systemHash)`; a snapshot is the
 * canonical `[gameSnapshot, systemSnapshot]`. A malformed composite input is dropped and counted.
 */
export class CompositeState implements ReplicatedState {
  readonly counters: CompositeCounters = { malformedInputs: 0, inputListenerErrors: 0 };
  readonly #beforeInput = new Set<(round: number) => void>();
  readonly #gameInitial: unknown;
  readonly #systemInitial: unknown;

  constructor(
    readonly game: RoomReplica<object, unknown>,
    readonly system: RoomReplica<SystemState, SystemMessages>,
  ) {
    this.#gameInitial = game.state;
    this.#systemInitial = system.state;
  }

  /** The last applied round. */
  get round(): number {
    return this.game.round;
  }

  /** Runs `fn(round)` at the start of every `takeInput`; returns the unsubscribe function. */
  onBeforeInput(fn: (round: number) => void): () => void {
    this.#beforeInput.add(fn);
    return () => {
      this.#beforeInput.delete(fn);
    };
  }

  /**
   * Puts both rooms back to their initial states, as of right after `round` (a founder starts a
   * new group on fresh state: the state of a group it left belongs to that group).
   */
  resetTo(round: number): void {
    this.game.restore(encodeSnapshot(this.game.definition.name, round, this.#gameInitial), round);
    this.system.restore(encodeSnapshot(this.system.definition.name, round, this.#systemInitial), round);
  }

  takeInput(round: number): Uint8Array | null {
    for (const fn of [...this.#beforeInput]) {
      try {
        fn(round);
      } catch {
        this.counters.inputListenerErrors++;
      }
    }
    const game = this.game.takeInput(round);
    const system = this.system.takeInput(round);
    if (game === null && system === null) return null;
    return encodeCanonical([game, system]);
  }

  apply(round: DecidedRound): Uint8Array {
    // The founding round: nobody "joined" in NEO's terms, but the rooms must see their players arrive.
    const joined = this.system.state.started ? round.joined : round.inputs.map((i) => i.player);
    const game: DecidedInput[] = [];
    const system: DecidedInput[] = [];
    for (const i of round.inputs) {
      const parts = i.input === null ? [null, null] : this.#split(i.input);
      game.push({ player: i.player, input: parts[0] });
      system.push({ player: i.player, input: parts[1] });
    }
    const sys = this.system.apply({ ...round, joined, inputs: system });
    const g = this.game.apply({ ...round, joined, inputs: game });
    return hash32(concatBytes(g, sys));
  }

  /**
   * A member's input revealed before its round is decided (NEO's `revealed` event): its game part
   * goes to the game room's speculative view. The system room has none (items and records change
   * only when decided). A malformed input shows as none; the decision counts it.
   */
  reveal(r: RevealedInput): void {
    let game: Uint8Array | null = null;
    if (r.input !== null) {
      const v = decodeValue(r.input, { maxBytes: NEO_MAX_INPUT_BYTES, maxDepth: 2 });
      if (v.ok && Array.isArray(v.value) && v.value[0] instanceof Uint8Array) game = v.value[0];
    }
    this.game.reveal({ ...r, input: game });
  }

  #split(input: Uint8Array): readonly [Uint8Array | null, Uint8Array | null] {
    const v = decodeValue(input, { maxBytes: NEO_MAX_INPUT_BYTES, maxDepth: 2 });
    if (v.ok && Array.isArray(v.value) && v.value.length === 2) {
      const [g, s] = v.value as unknown[];
      if ((g === null || g instanceof Uint8Array) && (s === null || s instanceof Uint8Array) && (g ?? s) !== null) {
        return [g, s];
      }
    }
    this.counters.malformedInputs++;
    return [null, null];
  }

  stateHash(): Uint8Array {
    return hash32(concatBytes(this.game.stateHash(), this.system.stateHash()));
  }

  snapshot(): Uint8Array {
    return encodeCanonical([this.game.snapshot(), this.system.snapshot()]);
  }

  restore(snapshot: Uint8Array, round: number): Result<Uint8Array, RestoreError> {
    const v = decodeValue(snapshot, { maxBytes: snapshot.length, maxBinLength: snapshot.length, maxDepth: 2 });
    if (!v.ok || !Array.isArray(v.value) || v.value.length !== 2) {
      return err({ message: 'zone snapshot is not [game, system]' });
    }
    const [g, s] = v.value as unknown[];
    if (!(g instanceof Uint8Array) || !(s instanceof Uint8Array))
      return err({ message: 'zone snapshot parts are not bytes' });
    // The system part first: should the game part then fail, NEO asks again and both are replaced.
    const sys = this.system.restore(s, round);
    if (!sys.ok) return err({ message: sys.error.message, cause: sys.error });
    const game = this.game.restore(g, round);
    if (!game.ok) return err({ message: game.error.message, cause: game.error });
    return ok(hash32(concatBytes(game.value, sys.value)));
  }

  rewind(round: number): boolean {
    // Both rooms applied the same rounds with the same window: they rewind together or not at all.
    if (!this.game.rewind(round)) return false;
    return this.system.rewind(round);
  }

  retainRounds(count: number): void {
    this.game.retainRounds(count);
    this.system.retainRounds(count);
  }
}
