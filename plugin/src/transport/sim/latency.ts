import type { PeerId } from '../transport';

/**
 * Base one-way delay in ms between two peers. A model must be symmetric
 * (`m(a, b) === m(b, a)`) and stable (the same pair always gets the same value): per-message
 * variation is the network's `jitterMs`, not the model's.
 */
export type LatencyModel = (from: PeerId, to: PeerId) => number;

/** Every pair gets the same one-way delay. */
export function constantLatency(ms: number): LatencyModel {
  return () => ms;
}

/** Options of {@link logNormalLatency}. */
export interface LogNormalLatencyOptions {
  /** Seed of the per-pair draws: the same seed gives every pair the same delay. */
  seed: number | string;
  /** Median one-way delay (default 40 ms). */
  medianMs?: number;
  /** Standard deviation of the delay's natural logarithm (default 0.5). */
  sigma?: number;
  /** Upper cap (default 300 ms). */
  maxMs?: number;
  /** Lower floor (default 1 ms). */
  minMs?: number;
}

/**
 * The project's wide-area model: the one-way delay of each pair is drawn once from a log-normal
 * distribution (median 40 ms, sigma 0.5, capped at 300 ms by default), so most pairs sit between
 * 15 and 110 ms and a few are much slower, as on the Internet. The draw is a hash of
 * (seed, pair): no state, no memory per pair, independent of the order pairs are first used.
 * Benchmarks reuse it so every figure is measured on the same network.
 */
export function logNormalLatency(options: LogNormalLatencyOptions): LatencyModel {
  const median = options.medianMs ?? 40;
  const sigma = options.sigma ?? 0.5;
  const max = options.maxMs ?? 300;
  const min = options.minMs ?? 1;
  const seedHash = hashString(String(options.seed));
  const mu = Math.log(median);
  return (from, to) => {
    const [lo, hi] = from < to ? [from, to] : [to, from];
    let h = hashString(hi, hashString(lo, seedHash ^ 0x5bd1e995));
    const u1 = (mix(h) + 1) / 4294967297; // in (0, 1): never log(0)
    h = (h + 0x9e3779b9) | 0;
    const u2 = mix(h) / 4294967296;
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.min(max, Math.max(min, Math.exp(mu + sigma * z)));
  };
}

/** FNV-1a over UTF-16 code units, continuing from `h`, with a separator so "ab"+"c" != "a"+"bc". */
function hashString(text: string, h = 2166136261): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return Math.imul(h ^ 0xff, 16777619) >>> 0;
}

/** murmur3's finaliser: spreads the bits of a 32-bit value. */
function mix(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
