/**
 * Interpolation of remote entities between decided rounds.
 *
 * A decided round r carries the state "as of" its start time t(r) on the synchronised clock, but
 * it is only known some time later (about 2kR: the NEO deadline). So entities are drawn on a
 * render timeline that trails the local clock by the measured decision lag plus a small delay
 * (about two rounds, to ride over jitter): render time = now - lag - delay. Each entity keeps
 * the values of its last decided rounds stamped with t(r); drawing interpolates between the two
 * stamps around the render time and holds the newest when it runs out (no extrapolation, so a
 * late round can only move an entity forward along its path, never back).
 */

/** Options of {@link PlayoutClock}. */
export interface PlayoutClockOptions {
  /** Extra delay behind the newest decided round, ms (about two rounds). */
  readonly delayMs: number;
  /** Weight of a new lag measurement, 0..1 (exponential smoothing). Default 0.1. */
  readonly smoothing?: number;
}

/**
 * Turns the local clock into the render timeline. It measures the lag between a decided round's
 * stamp and the moment it arrives, smooths it, and never hands out a render time earlier than
 * one it already gave (a lag that grows, e.g. rounds arriving late after a hiccup, pauses the
 * timeline instead of moving it backwards).
 */
export class PlayoutClock {
  #delayMs: number;
  readonly #smoothing: number;
  #lag: number | undefined;
  #last = Number.NEGATIVE_INFINITY;

  constructor(options: PlayoutClockOptions) {
    this.#delayMs = options.delayMs;
    this.#smoothing = options.smoothing ?? 0.1;
  }

  /** The delay behind the newest decided round, ms. */
  get delayMs(): number {
    return this.#delayMs;
  }

  /** Changes the delay (the round length changed). */
  setDelay(ms: number): void {
    this.#delayMs = ms;
  }

  /** The smoothed lag between a round's stamp and its arrival, ms, once measured. */
  get lag(): number | undefined {
    return this.#lag;
  }

  /** A decided round stamped `stamp` arrived at local time `arrival` (same synchronised clock). */
  observe(stamp: number, arrival: number): void {
    const lag = arrival - stamp;
    if (!Number.isFinite(lag)) return;
    this.#lag = this.#lag === undefined ? lag : this.#lag + (lag - this.#lag) * this.#smoothing;
  }

  /** The render time at local time `now`: monotonic; `undefined` until a round was observed. */
  renderTime(now: number): number | undefined {
    if (this.#lag === undefined) return undefined;
    const t = Math.max(now - this.#lag - this.#delayMs, this.#last);
    this.#last = t;
    return t;
  }

  /** Forgets the lag and the last render time (a new zone: a new timeline). */
  reset(): void {
    this.#lag = undefined;
    this.#last = Number.NEGATIVE_INFINITY;
  }
}

/** Values of numeric fields, by field name. */
export type FieldValues = Readonly<Record<string, number>>;

/**
 * Reads the numeric `fields` of an entity; `undefined` when one is missing or not a finite
 * number (such an entity is shown where it was, not at NaN).
 */
export function readFields(entity: unknown, fields: readonly string[]): Record<string, number> | undefined {
  if (typeof entity !== 'object' || entity === null) return undefined;
  const out: Record<string, number> = {};
  for (const f of fields) {
    const v = (entity as Record<string, unknown>)[f];
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    out[f] = v;
  }
  return out;
}

/** Where a sample went: stored, replaced the newest one (same stamp), or dropped as out of order. */
export type PushResult = 'stored' | 'replaced' | 'dropped';

/**
 * The last decided values of one entity, stamped with their rounds' times, oldest first. A
 * sample older than the newest is dropped: rounds are applied in order, so one arriving out of
 * order is stale, and storing it would pull the entity back along its path.
 */
export class SampleBuffer {
  readonly #fields: readonly string[];
  readonly #capacity: number;
  readonly #times: number[] = [];
  readonly #values: number[][] = [];

  constructor(fields: readonly string[], capacity = 32) {
    this.#fields = [...fields];
    this.#capacity = Math.max(2, capacity);
  }

  /** How many samples are held. */
  get size(): number {
    return this.#times.length;
  }

  /** Adds the values decided for the round stamped `time`. */
  push(time: number, values: FieldValues): PushResult {
    const row = this.#fields.map((f) => values[f] ?? Number.NaN);
    if (!Number.isFinite(time) || row.some((v) => !Number.isFinite(v))) return 'dropped';
    const n = this.#times.length;
    const newest = n > 0 ? this.#times[n - 1]! : Number.NEGATIVE_INFINITY;
    if (time < newest) return 'dropped';
    if (time === newest) {
      this.#values[n - 1] = row;
      return 'replaced';
    }
    this.#times.push(time);
    this.#values.push(row);
    if (this.#times.length > this.#capacity) {
      this.#times.shift();
      this.#values.shift();
    }
    return 'stored';
  }

  /** The values at `renderTime`: interpolated between the samples around it, clamped to the oldest and newest. */
  sample(renderTime: number): Record<string, number> | undefined {
    const n = this.#times.length;
    if (n === 0) return undefined;
    const times = this.#times;
    let row: number[];
    if (renderTime <= times[0]!) {
      row = this.#values[0]!;
    } else if (renderTime >= times[n - 1]!) {
      row = this.#values[n - 1]!;
    } else {
      // Buffers are short (a few dozen samples): a backwards scan from the newest finds the
      // bracket in one or two steps, since the render time trails the newest by ~2 rounds.
      let i = n - 2;
      while (i > 0 && times[i]! > renderTime) i--;
      const t0 = times[i]!;
      const t1 = times[i + 1]!;
      const a = (renderTime - t0) / (t1 - t0);
      const v0 = this.#values[i]!;
      const v1 = this.#values[i + 1]!;
      row = v0.map((v, j) => v + (v1[j]! - v) * a);
    }
    return this.#toRecord(row);
  }

  /** The newest sample, if any. */
  newest(): { readonly time: number; readonly values: Record<string, number> } | undefined {
    const n = this.#times.length;
    if (n === 0) return undefined;
    return { time: this.#times[n - 1]!, values: this.#toRecord(this.#values[n - 1]!) };
  }

  /** Drops every sample. */
  clear(): void {
    this.#times.length = 0;
    this.#values.length = 0;
  }

  #toRecord(row: readonly number[]): Record<string, number> {
    const out: Record<string, number> = {};
    this.#fields.forEach((f, j) => {
      out[f] = row[j]!;
    });
    return out;
  }
}
