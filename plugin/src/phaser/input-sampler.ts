/**
 * Input sampling: once per NEO round, right before the local input of that round is taken
 * (`ZoneRoom.onBeforeInput`, driven by the round timer, not the render loop), each registered
 * sampler function is called and its result queued with `room.send(type, payload)`. A tab
 * rendering at 5 fps still sends every round.
 */

/** Removes a registration; calling it twice is harmless. */
export type Unsubscribe = () => void;

/** What the sampler needs from a zone room. */
export interface InputPort {
  /** Calls `fn(round)` right before the local input of `round` is taken. */
  onBeforeInput(fn: (round: number) => void): Unsubscribe;
  /** Queues a message for the next round; false when it was not queued. May throw on a bad payload. */
  send(type: string, payload: unknown): boolean;
}

/** How often a sampler sends. */
export type SampleEvery = 'round' | 'change';

/** Rounds after which `'change'` mode sends an unchanged value again (so a lost input heals). */
export const CHANGE_REFRESH_ROUNDS = 20;

/** Hooks of {@link InputSampler}. */
export interface InputSamplerHooks {
  /** An input was queued for `round`. */
  readonly onSent?: (type: string, payload: unknown, round: number) => void;
  /** A sampler function or `send` threw; the other samplers still ran. */
  readonly onError?: (error: unknown, type: string) => void;
}

/** Counters of an {@link InputSampler}. */
export interface SamplerCounters {
  /** Rounds sampled. */
  rounds: number;
  /** Inputs queued. */
  sent: number;
  /** `'change'` samples skipped as unchanged. */
  unchanged: number;
  /** Samples that returned `undefined`. */
  skipped: number;
  /** `send` returned false (queue full). */
  refused: number;
  /** A sampler function or `send` threw. */
  errors: number;
}

interface Registration {
  readonly type: string;
  readonly fn: () => unknown;
  readonly every: SampleEvery;
  last: unknown;
  lastRound: number | undefined;
}

/** Structural equality of plain data (what room payloads are). */
export function samePlain(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    return a.every((v, i) => v === b[i]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function copyPlain<T>(v: T): T {
  return typeof v === 'object' && v !== null ? structuredClone(v) : v;
}

/**
 * Calls the registered samplers once per round and sends what they return. Registrations live
 * across rooms: `attach` moves them to another zone room (the first round there sends afresh).
 */
export class InputSampler {
  readonly #hooks: InputSamplerHooks;
  readonly #registrations: Registration[] = [];
  #port: InputPort | undefined;
  #offRound: Unsubscribe | undefined;
  #round: number | undefined;
  readonly #counters: SamplerCounters = { rounds: 0, sent: 0, unchanged: 0, skipped: 0, refused: 0, errors: 0 };

  constructor(hooks: InputSamplerHooks = {}) {
    this.#hooks = hooks;
  }

  /** The round sampled last (the current round), if any. */
  get round(): number | undefined {
    return this.#round;
  }

  /** Counters since creation. */
  get counters(): Readonly<SamplerCounters> {
    return { ...this.#counters };
  }

  /** The message types registered, in registration order. */
  types(): string[] {
    return this.#registrations.map((r) => r.type);
  }

  /** Registers `fn` to be sampled once per round as message `type`. */
  sample(type: string, fn: () => unknown, every: SampleEvery = 'round'): Unsubscribe {
    const reg: Registration = { type, fn, every, last: undefined, lastRound: undefined };
    this.#registrations.push(reg);
    return () => {
      const i = this.#registrations.indexOf(reg);
      if (i >= 0) this.#registrations.splice(i, 1);
    };
  }

  /** Starts sampling the rounds of `port` (stops sampling the previous one). */
  attach(port: InputPort): void {
    this.detach();
    this.#port = port;
    this.#offRound = port.onBeforeInput((round) => this.#onRound(round));
  }

  /** Stops sampling; registrations stay, and forget what they sent (a new room gets everything afresh). */
  detach(): void {
    this.#offRound?.();
    this.#offRound = undefined;
    this.#port = undefined;
    this.#round = undefined;
    for (const reg of this.#registrations) {
      reg.last = undefined;
      reg.lastRound = undefined;
    }
  }

  /** Detaches and drops every registration. */
  clear(): void {
    this.detach();
    this.#registrations.length = 0;
  }

  #onRound(round: number): void {
    const port = this.#port;
    if (port === undefined) return;
    this.#round = round;
    this.#counters.rounds++;
    for (const reg of [...this.#registrations]) {
      let payload: unknown;
      try {
        // A copy: a game that reuses one mutable object must not change what was sent or remembered.
        payload = copyPlain(reg.fn());
      } catch (error) {
        this.#failed(error, reg.type);
        continue;
      }
      if (payload === undefined) {
        this.#counters.skipped++;
        continue;
      }
      if (
        reg.every === 'change' &&
        reg.lastRound !== undefined &&
        round - reg.lastRound < CHANGE_REFRESH_ROUNDS &&
        samePlain(payload, reg.last)
      ) {
        this.#counters.unchanged++;
        continue;
      }
      let queued: boolean;
      try {
        queued = port.send(reg.type, payload);
      } catch (error) {
        this.#failed(error, reg.type);
        continue;
      }
      if (!queued) {
        this.#counters.refused++;
        continue;
      }
      reg.last = payload;
      reg.lastRound = round;
      this.#counters.sent++;
      try {
        this.#hooks.onSent?.(reg.type, payload, round);
      } catch (error) {
        this.#failed(error, reg.type);
      }
    }
  }

  #failed(error: unknown, type: string): void {
    this.#counters.errors++;
    try {
      this.#hooks.onError?.(error, type);
    } catch {
      // An error reporter that throws must not stop the other samplers.
    }
  }
}
