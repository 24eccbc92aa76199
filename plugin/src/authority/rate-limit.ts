import type { Clock } from '../clock';

/** A token-bucket budget: `perWindow` requests per `windowMs`, refilled continuously. */
export interface RateLimitConfig {
  readonly perWindow: number;
  readonly windowMs: number;
}

/** Outcome of {@link RateLimiter.take}. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * One token bucket per key (client address). A bucket holds up to `perWindow` tokens and gains
 * `perWindow / windowMs` per ms; each request takes one. At most `maxKeys` buckets are kept: the
 * least recently used go first (a forgotten bucket is a full one, so forgetting only forgives).
 */
export class RateLimiter {
  readonly #config: RateLimitConfig;
  readonly #clock: Clock;
  readonly #maxKeys: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(config: RateLimitConfig, clock: Clock, maxKeys = 10_000) {
    if (!(config.perWindow > 0) || !(config.windowMs > 0)) throw new RangeError('rate limit must be positive');
    this.#config = config;
    this.#clock = clock;
    this.#maxKeys = maxKeys;
  }

  /** Takes one token for `key`, or says how long until one is available. */
  take(key: string): RateDecision {
    const now = this.#clock.now();
    const { perWindow, windowMs } = this.#config;
    const rate = perWindow / windowMs;
    const old = this.#buckets.get(key);
    const bucket: Bucket = old
      ? { tokens: Math.min(perWindow, old.tokens + Math.max(0, now - old.at) * rate), at: now }
      : { tokens: perWindow, at: now };
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next();
      if (!oldest.done) this.#buckets.delete(oldest.value);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / rate) };
  }
}
