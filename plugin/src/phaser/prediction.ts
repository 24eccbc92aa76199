import { type FieldValues, readFields } from './interpolation';

/**
 * Prediction and reconciliation of the local player's entity.
 *
 * The decided state lags the present by the NEO deadline (about 2k rounds), far too long for the
 * player's own avatar. So the avatar is drawn from the newest decided entity with every input
 * sent since replayed on top of it (the game's `predict`, the same movement its reducer
 * applies), the current round's input for the part of the round already elapsed. Inputs are
 * "held": a round with no input sent continues the last one, as the room keeps the last intent.
 *
 * When a new decided entity arrives, the replay restarts from it. If it agrees with what was
 * predicted, nothing moves; if not (an input lost, a wall the prediction did not know), the
 * difference is kept as an offset that shrinks to zero over `blendMs`, so the avatar glides to
 * the right place instead of snapping. An error larger than `snapDistance` (a teleport) snaps.
 */

/** Where the present is, for the predictor: the round whose input was taken last, and its timing. */
export interface PredictClock {
  /** The round whose local input was taken last (the current round). */
  readonly round: number;
  /** Its start on the synchronised clock, ms. */
  readonly roundStart: number;
  /** The round length, ms. */
  readonly roundMs: number;
  /** Now on the synchronised clock, ms. */
  readonly now: number;
}

/** Options of {@link LocalPredictor}. */
export interface LocalPredictorOptions<E, I> {
  /** Moves `entity` by `dtMs` of `input` (the game's movement function). */
  readonly predict: (entity: E, input: I, dtMs: number) => E;
  /** The numeric fields drawn (and blended). */
  readonly fields: readonly string[];
  /** How long an error is blended away, ms. Default 150. */
  readonly blendMs?: number;
  /** Errors larger than this (Euclidean over the fields) snap. Default 256. */
  readonly snapDistance?: number;
  /** At most this many rounds are replayed (a stalled group must not make frames slow). Default 64. */
  readonly maxReplayRounds?: number;
  /** `predict` threw: the decided entity is shown for that frame. */
  readonly onError?: (error: unknown) => void;
}

/** A predicted frame: the entity to show and its (blended) field values. */
export interface PredictedFrame<E> {
  readonly entity: E;
  readonly values: FieldValues;
}

interface Base<E> {
  readonly round: number;
  readonly entity: E;
}

/** Predicts and reconciles one local entity. Pure: time comes in through {@link PredictClock}. */
export class LocalPredictor<E, I> {
  readonly #predict: (entity: E, input: I, dtMs: number) => E;
  readonly #fields: readonly string[];
  readonly #blendMs: number;
  readonly #snapDistance: number;
  readonly #maxReplay: number;
  readonly #onError: ((error: unknown) => void) | undefined;
  /** Inputs sent, by round, ascending. */
  readonly #inputs: { round: number; input: I }[] = [];
  #base: Base<E> | undefined;
  #shown: Base<E> | undefined;
  #offset: Record<string, number> | undefined;
  #offsetAt = 0;
  #snaps = 0;

  constructor(o: LocalPredictorOptions<E, I>) {
    this.#predict = o.predict;
    this.#fields = [...o.fields];
    this.#blendMs = o.blendMs ?? 150;
    this.#snapDistance = o.snapDistance ?? 256;
    this.#maxReplay = o.maxReplayRounds ?? 64;
    this.#onError = o.onError;
  }

  /** How many corrections were too large to blend and snapped. */
  get snaps(): number {
    return this.#snaps;
  }

  /** The input sent for `round` (rounds ascending; a repeated round replaces its input). */
  input(round: number, input: I): void {
    const last = this.#inputs[this.#inputs.length - 1];
    if (last !== undefined && last.round >= round) {
      if (last.round === round) last.input = input;
      return; // an older round's input arriving now cannot be replayed in order: ignore it
    }
    this.#inputs.push({ round, input });
  }

  /** The newest decided entity, as of applied round `round`. */
  decided(round: number, entity: E): void {
    if (this.#base !== undefined && round < this.#base.round) return;
    this.#base = { round, entity };
  }

  /** The decided round the prediction starts from, if any. */
  get decidedRound(): number | undefined {
    return this.#base?.round;
  }

  /** The entity and values to draw at `clock`; `undefined` before the first decided entity. */
  frame(clock: PredictClock): PredictedFrame<E> | undefined {
    const base = this.#base;
    if (base === undefined) return undefined;
    const predicted = this.#replay(base, clock);
    const values = readFields(predicted, this.#fields);
    if (values === undefined) return { entity: predicted, values: readFields(base.entity, this.#fields) ?? {} };
    const shown = this.#shown;
    if (shown !== undefined && shown !== base) {
      // The base changed since the last frame: keep showing what the old base predicts for now,
      // and let the difference to the new prediction fade out.
      const before = readFields(this.#replay(shown, clock), this.#fields);
      if (before !== undefined) this.#reconcile(before, values, clock.now);
    }
    this.#shown = base;
    this.#prune(base.round);
    const offset = this.#currentOffset(clock.now);
    if (offset === undefined) return { entity: predicted, values };
    const blended: Record<string, number> = {};
    for (const f of this.#fields) blended[f] = values[f]! + (offset[f] ?? 0);
    return { entity: predicted, values: blended };
  }

  /** Forgets everything (a new zone). */
  reset(): void {
    this.#inputs.length = 0;
    this.#base = undefined;
    this.#shown = undefined;
    this.#offset = undefined;
  }

  #replay(base: Base<E>, clock: PredictClock): E {
    let e = base.entity;
    const from = Math.max(base.round + 1, clock.round - this.#maxReplay);
    try {
      for (let r = from; r < clock.round; r++) {
        const input = this.#inputAt(r);
        if (input !== undefined) e = this.#predict(e, input.input, clock.roundMs);
      }
      if (clock.round > base.round) {
        const input = this.#inputAt(clock.round);
        const elapsed = Math.min(Math.max(clock.now - clock.roundStart, 0), clock.roundMs);
        if (input !== undefined && elapsed > 0) e = this.#predict(e, input.input, elapsed);
      }
    } catch (error) {
      this.#onError?.(error);
      return base.entity;
    }
    return e;
  }

  /** The input in force at `round`: the last one sent at or before it. */
  #inputAt(round: number): { round: number; input: I } | undefined {
    for (let i = this.#inputs.length - 1; i >= 0; i--) {
      const entry = this.#inputs[i]!;
      if (entry.round <= round) return entry;
    }
    return undefined;
  }

  /** Keeps the inputs after `round`, plus the one in force at it (held into the next rounds). */
  #prune(round: number): void {
    let keepFrom = 0;
    for (let i = 0; i < this.#inputs.length; i++) {
      if (this.#inputs[i]!.round <= round) keepFrom = i;
    }
    if (keepFrom > 0) this.#inputs.splice(0, keepFrom);
  }

  #reconcile(before: FieldValues, after: FieldValues, now: number): void {
    const carried = this.#currentOffset(now);
    const next: Record<string, number> = {};
    let sq = 0;
    let any = false;
    for (const f of this.#fields) {
      const v = (carried?.[f] ?? 0) + (before[f]! - after[f]!);
      next[f] = v;
      sq += v * v;
      if (v !== 0) any = true;
    }
    if (!any || this.#blendMs === 0) {
      this.#offset = undefined;
    } else if (Math.sqrt(sq) > this.#snapDistance) {
      this.#snaps++;
      this.#offset = undefined;
    } else {
      this.#offset = next;
      this.#offsetAt = now;
    }
  }

  /** The blend offset at `now`: shrinks linearly to zero over `blendMs` from when it was set. */
  #currentOffset(now: number): Record<string, number> | undefined {
    const offset = this.#offset;
    if (offset === undefined) return undefined;
    const left = 1 - (now - this.#offsetAt) / this.#blendMs;
    if (left <= 0) {
      this.#offset = undefined;
      return undefined;
    }
    const out: Record<string, number> = {};
    for (const f of this.#fields) out[f] = (offset[f] ?? 0) * Math.min(1, left);
    return out;
  }
}
