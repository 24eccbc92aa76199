import type { DecidedRound } from '../neo/replicated-state';
import type { RevealedInput } from '../neo/reveals';
import type { PeerId } from '../transport/transport';
import { bytesEqual } from '../util/bytes';
import { applyRound } from './reducer';
import type { RoomDefinition } from './types';

/** Counters of a room's speculative view since it was created (local: they differ between peers). */
export interface SpeculationCounters {
  /** Rounds re-run through the reducer to build the view (its whole cost). */
  rerun: number;
  /** Inputs the view held (remote revealed, or our own) whose round was then decided with them. */
  confirmed: number;
  /** Inputs the view held that the decision did not accept: shown, then rolled back. */
  mispredicted: number;
  /** Reveals not taken: their round was already applied, or lies beyond the window. */
  ignored: number;
  /** Other members' revealed inputs taken into the view (each shown before its round was decided). */
  revealed: number;
}

/** Epoch, time and members of a round not yet decided, as its reveals tell them. */
interface Frame {
  readonly epoch: number;
  readonly round: number;
  readonly time: number;
  readonly roundMs: number;
  readonly members: readonly PeerId[];
}

const SEED_FILL = 0x5a;

/**
 * The provisional seed of a speculative round: its round number (u64 BE) then `0x5a` bytes.
 * The real seed hashes every accepted member's secret, which is only known at the decision; a
 * reducer drawing from `ctx.rng` may therefore show something the decided state does not.
 */
export function provisionalSeed(round: number): Uint8Array {
  const seed = new Uint8Array(32).fill(SEED_FILL);
  const view = new DataView(seed.buffer);
  view.setUint32(0, Math.floor(round / 0x1_0000_0000));
  view.setUint32(4, round >>> 0);
  return seed;
}

/**
 * A room's speculative view (what rollback netcode shows): the decided state at the last applied
 * round, plus the rounds after it re-run through the room's reducer with the inputs known so far
 * (the others' revealed inputs, our own taken input; inputs not yet revealed are absent). Lazy:
 * nothing runs until the view is read after a change, and only the rounds from the first changed
 * one are re-run. Bounded: at most `window` rounds past the decided one. Joins and leaves are not
 * speculated (the decided state runs them at epoch boundaries); seeds are provisional.
 */
export class SpeculativeView<S> {
  readonly #def: RoomDefinition<S, unknown>;
  readonly #self: PeerId;
  readonly #inputs = new Map<number, Map<PeerId, Uint8Array | null>>();
  readonly #frames = new Map<number, Frame>();
  /** The newest frame seen: places rounds nothing was revealed for yet. */
  #lastFrame: Frame | undefined;
  #window: number;
  #newest = Number.NEGATIVE_INFINITY;
  /** Re-run states for rounds base + 1, base + 2, ... computed from `#baseState`. */
  #states: S[] = [];
  #baseState: S | undefined;
  #baseRound = Number.NaN;
  readonly counters: SpeculationCounters = { rerun: 0, confirmed: 0, mispredicted: 0, ignored: 0, revealed: 0 };

  constructor(def: RoomDefinition<S, unknown>, self: PeerId, window: number) {
    this.#def = def;
    this.#self = self;
    this.#window = window;
  }

  /** Sets the bound: rounds past the decided one the view runs (the room's rewind window). */
  setWindow(window: number): void {
    this.#window = window;
    this.#states.length = 0;
  }

  /**
   * Takes a revealed input; returns whether the view changed. `base` is the last applied round.
   * Only the round's members' inputs are taken, the first one per (round, member).
   */
  reveal(r: RevealedInput, base: number): boolean {
    if (r.round <= base || r.round > base + this.#window || !r.members.includes(r.player)) {
      this.counters.ignored++;
      return false;
    }
    const frame: Frame = { epoch: r.epoch, round: r.round, time: r.time, roundMs: r.roundMs, members: r.members };
    this.#frames.set(r.round, frame);
    if (this.#lastFrame === undefined || r.round >= this.#lastFrame.round) this.#lastFrame = frame;
    const taken = this.#put(r.round, r.player, r.input, base);
    if (taken && r.player !== this.#self) this.counters.revealed++;
    return taken;
  }

  /** Our own input for `round`, as taken for NEO: shown at once (predicted accepted). */
  own(round: number, input: Uint8Array | null, base: number): boolean {
    if (round <= base || round > base + this.#window) return false;
    return this.#put(round, this.#self, input, base);
  }

  /** A round was decided and applied: counts what the view showed for it, forgets it and older rounds. */
  decided(round: DecidedRound): void {
    const held = this.#inputs.get(round.round);
    if (held !== undefined) {
      for (const [player, shown] of held) {
        if (shown === null) continue;
        const input = round.inputs.find((i) => i.player === player)?.input ?? null;
        if (input !== null && bytesEqual(input, shown)) this.counters.confirmed++;
        else this.counters.mispredicted++;
      }
    }
    this.#forget(round.round);
  }

  /** The state was replaced (restore) after `round`: nothing speculated at or before it holds. */
  reset(round: number): void {
    this.#forget(round);
    this.#states.length = 0;
    this.#baseState = undefined;
  }

  /** The newest round the view runs to, given the last applied round (`base` when none). */
  round(base: number): number {
    if (this.#lastFrame === undefined) return base;
    return Math.max(base, Math.min(this.#newest, base + this.#window));
  }

  /** The speculative state over the decided `state` after round `base` (re-run lazily). */
  state(base: number, state: S): S {
    const top = this.round(base);
    if (top <= base) return state;
    if (this.#baseState !== state || this.#baseRound !== base) {
      this.#baseState = state;
      this.#baseRound = base;
      this.#states.length = 0;
    }
    const states = this.#states;
    let current = states.length === 0 ? state : states[states.length - 1]!;
    for (let r = base + 1 + states.length; r <= top; r++) {
      current = applyRound(this.#def, current, this.#roundOf(r)).state;
      states.push(current);
      this.counters.rerun++;
    }
    return states[top - base - 1]!;
  }

  #put(round: number, player: PeerId, input: Uint8Array | null, base: number): boolean {
    let byPlayer = this.#inputs.get(round);
    if (byPlayer === undefined) {
      byPlayer = new Map();
      this.#inputs.set(round, byPlayer);
    }
    if (byPlayer.has(player)) return false;
    byPlayer.set(player, input);
    if (round > this.#newest) this.#newest = round;
    // States of this round and after are stale (those before it stay valid).
    if (this.#baseRound === base) this.#states.length = Math.min(this.#states.length, round - base - 1);
    return true;
  }

  #forget(upTo: number): void {
    for (const r of this.#inputs.keys()) if (r <= upTo) this.#inputs.delete(r);
    for (const r of this.#frames.keys()) if (r <= upTo) this.#frames.delete(r);
  }

  /** The round as the view runs it: its frame (or one placed from the nearest frame), known inputs, no joins. */
  #roundOf(r: number): DecidedRound {
    let f = this.#frames.get(r);
    if (f === undefined) {
      // The newest frame before r, else the last one seen: rounds of one epoch are evenly spaced.
      for (let q = r - 1; q > this.#baseRound && f === undefined; q--) f = this.#frames.get(q);
      f ??= this.#lastFrame!;
    }
    const byPlayer = this.#inputs.get(r);
    return {
      epoch: f.epoch,
      round: r,
      time: f.time + (r - f.round) * f.roundMs,
      joined: [],
      left: [],
      inputs: f.members.map((player) => ({ player, input: byPlayer?.get(player) ?? null })),
      seed: provisionalSeed(r),
    };
  }
}
