import { hash32 } from '../crypto/hash';
import type { DecidedInput, DecidedRound, ReplicatedState, RestoreError } from '../neo/replicated-state';
import type { RevealedInput } from '../neo/reveals';
import type { RoomReplica } from '../room/replica';
import { encodeSnapshot } from '../room/snapshot';
import type { PeerId } from '../transport/transport';
import { concatBytes } from '../util/bytes';
import { err, ok, type Result } from '../util/result';
import { decodeValue, encodeCanonical } from '../wire/codec';
import { NEO_MAX_INPUT_BYTES } from '../wire/messages/neo-common';
import type { CellMessages } from './cell-room';
import type { CellState, Transition } from './cell-state';

/**
 * What NEO replicates for one leaf group: the cell room and, when the game has one, the game's
 * room for that area, side by side. A member's input is the canonical `[cellInput | null,
 * gameInput | null]`; the hash `hash32(cellHash || gameHash)`; a snapshot `canonical([cell,
 * game])`. A malformed input is dropped whole and counted (identically at every member).
 */
export class CellComposite implements ReplicatedState {
  /** Inputs that were not `[bin|null, bin|null]` (identical at every member). */
  malformedInputs = 0;
  readonly #before = new Set<(round: number) => void>();
  /** Members that left for other groups at a split: the game room sees them leave in the first round. */
  #leaving: { readonly round: number; readonly ids: readonly PeerId[] } | undefined;
  /** Round from which no input is taken (the group ends at a transition). */
  inputsUntil = Number.POSITIVE_INFINITY;

  constructor(
    readonly cell: RoomReplica<CellState, CellMessages>,
    readonly game: RoomReplica<object, unknown> | undefined,
  ) {}

  /** The last applied round. */
  get round(): number {
    return this.cell.round;
  }

  /** The decided cell state. */
  get state(): CellState {
    return this.cell.state as CellState;
  }

  /** Runs `fn(round)` at the start of every `takeInput`; returns the unsubscribe function. */
  onBeforeInput(fn: (round: number) => void): () => void {
    this.#before.add(fn);
    return () => {
      this.#before.delete(fn);
    };
  }

  /** The game room sees `ids` leave in round `round` (a split sent them to sibling groups). */
  leaveInFirstRound(round: number, ids: readonly PeerId[]): void {
    this.#leaving = ids.length === 0 ? undefined : { round, ids: [...ids].sort() };
  }

  takeInput(round: number): Uint8Array | null {
    for (const fn of [...this.#before]) {
      try {
        fn(round);
      } catch {
        // A listener's failure must not stop the round.
      }
    }
    if (round >= this.inputsUntil) return null;
    const cell = this.cell.takeInput(round);
    const game = this.game?.takeInput(round) ?? null;
    return cell === null && game === null ? null : encodeCanonical([cell, game]);
  }

  apply(round: DecidedRound): Uint8Array {
    const cell: DecidedInput[] = [];
    const game: DecidedInput[] = [];
    for (const i of round.inputs) {
      const [c, g] = i.input === null ? [null, null] : this.#split(i.input);
      cell.push({ player: i.player, input: c });
      game.push({ player: i.player, input: g });
    }
    const cellHash = this.cell.apply({ ...round, inputs: cell });
    if (this.game === undefined) return hash32(cellHash);
    const leaving = this.#leaving?.round === round.round ? this.#leaving.ids : [];
    const left = leaving.length === 0 ? round.left : [...new Set([...round.left, ...leaving])].sort();
    return hash32(concatBytes(cellHash, this.game.apply({ ...round, left, inputs: game })));
  }

  /**
   * A member's input revealed before its round is decided (NEO's `revealed` event): its game part
   * goes to the game room's speculative view. The cell room has none (entities, handoffs and
   * records change only when decided). A malformed input shows as none, uncounted: the decision
   * counts it.
   */
  reveal(r: RevealedInput): void {
    if (this.game === undefined) return;
    let game: Uint8Array | null = null;
    if (r.input !== null) {
      const v = decodeValue(r.input, { maxBytes: NEO_MAX_INPUT_BYTES, maxDepth: 2 });
      if (v.ok && Array.isArray(v.value) && v.value.length === 2 && v.value[1] instanceof Uint8Array) game = v.value[1];
    }
    this.game.reveal({ ...r, input: game });
  }

  #split(input: Uint8Array): readonly [Uint8Array | null, Uint8Array | null] {
    const v = decodeValue(input, { maxBytes: NEO_MAX_INPUT_BYTES, maxDepth: 2 });
    if (v.ok && Array.isArray(v.value) && v.value.length === 2) {
      const [c, g] = v.value as unknown[];
      if ((c === null || c instanceof Uint8Array) && (g === null || g instanceof Uint8Array) && (c ?? g) !== null) {
        return [c, g];
      }
    }
    this.malformedInputs++;
    return [null, null];
  }

  stateHash(): Uint8Array {
    const c = this.cell.stateHash();
    return this.game === undefined ? hash32(c) : hash32(concatBytes(c, this.game.stateHash()));
  }

  snapshot(): Uint8Array {
    return encodeCanonical([this.cell.snapshot(), this.game?.snapshot() ?? null]);
  }

  restore(snapshot: Uint8Array, round: number): Result<Uint8Array, RestoreError> {
    const v = decodeValue(snapshot, { maxBytes: snapshot.length, maxBinLength: snapshot.length, maxDepth: 2 });
    if (!v.ok || !Array.isArray(v.value) || v.value.length !== 2) return err({ message: 'not [cell, game]' });
    const [c, g] = v.value as unknown[];
    if (!(c instanceof Uint8Array) || !(g === null || g instanceof Uint8Array)) return err({ message: 'bad parts' });
    if ((g === null) !== (this.game === undefined)) return err({ message: 'game part does not match' });
    const cell = this.cell.restore(c, round);
    if (!cell.ok) return err({ message: cell.error.message, cause: cell.error });
    if (this.game === undefined || g === null) return ok(hash32(cell.value));
    const game = this.game.restore(g, round);
    if (!game.ok) return err({ message: game.error.message, cause: game.error });
    return ok(hash32(concatBytes(cell.value, game.value)));
  }

  rewind(round: number): boolean {
    if (!this.cell.rewind(round)) return false;
    return this.game === undefined || this.game.rewind(round);
  }

  retainRounds(count: number): void {
    this.cell.retainRounds(count);
    this.game?.retainRounds(count);
  }
}

/**
 * The state a new group starts from at a transition: the old group's state after its last
 * round, with the cell part cut down to the new group's own members (their entities, arrivals
 * and handoffs), its watch, records and reports reset, its group id the new one. Every member of
 * the new group computes the same bytes, so the new group starts with one hash everywhere.
 */
export function deriveCellState(old: CellState, t: Transition, cell: string, groupId: string): CellState {
  const members = new Set(t.groups[cell] ?? []);
  const pick = <V>(rec: Readonly<Record<string, V>>): Record<string, V> =>
    Object.fromEntries(Object.entries(rec).filter(([id]) => members.has(id)));
  return {
    started: true,
    clock: old.clock,
    groupId,
    entities: pick(old.entities),
    watch: { overSince: null, underSince: null },
    siblings: null,
    transition: null,
    relocate: null,
    outgoing: pick(old.outgoing),
    arrivals: pick(old.arrivals),
    signs: {},
    minSeq: {},
    events: Object.fromEntries(Object.entries(old.events).filter(([, e]) => e.ok && e.played === null)),
  };
}

/** Cell room snapshot bytes of `state` after `round` (what a derived group restores). */
export function cellSnapshot(name: string, round: number, state: CellState): Uint8Array {
  return encodeSnapshot(name, round, state);
}
