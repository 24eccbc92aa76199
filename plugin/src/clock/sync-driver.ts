import type { Rng } from '../rng/rng';
import type { Result } from '../util/result';
import type { Ping } from '../wire/messages/ping';
import type { Pong } from '../wire/messages/pong';
import type { Clock, TimerHandle } from './clock';
import { nonNegative, type OffsetEstimate, OffsetEstimator, type OffsetEstimatorOptions, positiveInt } from './sync';
import { SyncedClock, type SyncedClockOptions } from './sync-clock';

/** Reads the authority's clock (`GET /api/time` -> `now`), honouring `signal`. */
export type FetchTime = (signal: AbortSignal) => Promise<Result<number, Error>>;

/** Options of {@link ClockSync}. */
export interface ClockSyncOptions {
  /** The local clock everything is measured on (the system clock in browsers). */
  readonly base: Clock;
  /** The authority's time; without it only peers are used. */
  readonly fetchTime?: FetchTime;
  /** Seeds the ping nonce counter so nonces are not guessable across sessions. */
  readonly rng?: Rng;
  /** Authority polls after the first `burst` successful samples, ms (default 30 000). */
  readonly intervalMs?: number;
  /** Successful samples taken quickly at start (default 5), `burstIntervalMs` apart (default 1000). */
  readonly burst?: number;
  readonly burstIntervalMs?: number;
  /** One authority request may take this long before it is aborted, ms (default 5000). */
  readonly timeoutMs?: number;
  readonly estimator?: OffsetEstimatorOptions;
  readonly clock?: SyncedClockOptions;
}

interface PendingPing {
  readonly peer: string;
  readonly t0: number;
}

const MAX_PENDING_PINGS = 256;

/**
 * Keeps a {@link SyncedClock} synchronised to the authority: polls `fetchTime` (a burst at
 * start, then every `intervalMs`; failures back off), takes peer samples from ping/pong, feeds
 * them to an {@link OffsetEstimator}, and sets the clock's target after each sample. Pings carry
 * the local base time; pongs carry the peer's synced time; a pong is only accepted for a nonce
 * we sent to that very peer, with the `t` we sent.
 */
export class ClockSync {
  readonly clock: SyncedClock;
  readonly estimator: OffsetEstimator;
  readonly #base: Clock;
  readonly #fetchTime: FetchTime | undefined;
  readonly #interval: number;
  readonly #burst: number;
  readonly #burstInterval: number;
  readonly #timeout: number;
  readonly #pending = new Map<number, PendingPing>();
  readonly #listeners = new Set<(estimate: OffsetEstimate) => void>();
  #nonce: number;
  #successes = 0;
  #failures = 0;
  #timer: TimerHandle | undefined;
  #abort: AbortController | undefined;
  #running = false;

  constructor(options: ClockSyncOptions) {
    this.#base = options.base;
    this.#fetchTime = options.fetchTime;
    this.#interval = nonNegative('intervalMs', options.intervalMs ?? 30_000, 1);
    this.#burst = positiveInt('burst', options.burst ?? 5);
    this.#burstInterval = nonNegative('burstIntervalMs', options.burstIntervalMs ?? 1000, 1);
    this.#timeout = nonNegative('timeoutMs', options.timeoutMs ?? 5000, 1);
    this.estimator = new OffsetEstimator(options.estimator);
    this.clock = new SyncedClock(options.base, options.clock);
    this.#nonce = options.rng ? options.rng.int(0x1_0000_0000) : 0;
  }

  /** Starts polling the authority (when there is a `fetchTime`). Calling it twice is harmless. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#fetchTime) this.#schedule(0);
  }

  /** Stops polling and aborts a request in flight. Safe to call twice. */
  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#base.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort?.abort();
    this.#abort = undefined;
  }

  /** Runs after every accepted sample with the new estimate. Returns the unsubscribe function. */
  onEstimate(fn: (estimate: OffsetEstimate) => void): () => void {
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
    };
  }

  /** Takes one authority sample now; resolves true when it was accepted. */
  async sampleAuthority(signal?: AbortSignal): Promise<boolean> {
    const fetchTime = this.#fetchTime;
    if (fetchTime === undefined) return false;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = this.#base.setTimeout(() => controller.abort(new Error('time request timed out')), this.#timeout);
    this.#abort = controller;
    try {
      const t0 = this.#base.now();
      const answer = await Promise.resolve()
        .then(() => fetchTime(controller.signal))
        .catch(() => undefined);
      const t1 = this.#base.now();
      if (answer === undefined || !answer.ok || controller.signal.aborted) return false;
      return this.#accept(this.estimator.addAuthority(t0, answer.value, t1));
    } finally {
      this.#base.clearTimeout(timeout);
      signal?.removeEventListener('abort', onAbort);
      if (this.#abort === controller) this.#abort = undefined;
    }
  }

  /** A ping to send to `peer` (its `t` is our base time). */
  makePing(peer: string): Ping {
    this.#nonce = (this.#nonce + 1) >>> 0;
    if (this.#pending.size >= MAX_PENDING_PINGS) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) this.#pending.delete(oldest);
    }
    const t = this.#base.now();
    this.#pending.set(this.#nonce, { peer, t0: t });
    return { nonce: this.#nonce, t };
  }

  /** The answer to a peer's ping, or `undefined` while this clock is not synced (it would only mislead). */
  answerPing(ping: Ping): Pong | undefined {
    if (!this.clock.synced) return undefined;
    return { nonce: ping.nonce, t: ping.t, t2: this.clock.now() };
  }

  /** Takes a peer sample from a pong; false when it matches no ping we sent to `peer`. */
  handlePong(peer: string, pong: Pong): boolean {
    const pending = this.#pending.get(pong.nonce);
    if (pending === undefined || pending.peer !== peer || pending.t0 !== pong.t) return false;
    this.#pending.delete(pong.nonce);
    return this.#accept(this.estimator.addPeer(peer, pending.t0, pong.t2, this.#base.now()));
  }

  #accept(added: boolean): boolean {
    if (!added) return false;
    const estimate = this.estimator.estimate(this.#base.now());
    if (estimate === undefined) return true;
    this.clock.setTarget(estimate.offset);
    for (const fn of [...this.#listeners]) {
      try {
        fn(estimate);
      } catch {
        // A listener cannot stop synchronisation.
      }
    }
    return true;
  }

  #schedule(delay: number): void {
    if (!this.#running) return;
    this.#timer = this.#base.setTimeout(() => {
      this.#timer = undefined;
      void this.sampleAuthority().then((ok) => {
        if (ok) {
          this.#successes++;
          this.#failures = 0;
        } else {
          this.#failures++;
        }
        const next =
          this.#failures > 0
            ? Math.min(this.#interval, this.#burstInterval * 2 ** Math.min(this.#failures, 16))
            : this.#successes < this.#burst
              ? this.#burstInterval
              : this.#interval;
        this.#schedule(next);
      });
    }, delay);
  }
}
