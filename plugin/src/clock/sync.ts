/**
 * Clock offset estimation against the authority's clock, NTP style.
 *
 * A sample is taken around one request: `t0` local send time, `remote` the other side's clock
 * when it answered, `t1` local receive time (both local times on the base clock). Then
 * `offset = remote - (t0 + t1) / 2` and `rtt = t1 - t0`. Whatever the split of the round trip,
 * the true offset lies in `offset ± rtt / 2`, so samples with the lowest RTT are the most
 * precise: each source keeps its last `windowSize` samples and uses the median offset of its
 * `bestOf` lowest-RTT ones.
 *
 * Sources are the authority (`/api/time`) and peers (ping/pong, where the peer answers with its
 * own synchronised clock). The authority is the reference: peer estimates carry an extra
 * `peerPenaltyMs` of uncertainty (their own error), and the combined estimate is always clamped
 * into the interval the authority samples prove, so lying peers cannot pull the clock outside it.
 */

import { P2PError } from '../util/errors';

/** Tuning of {@link OffsetEstimator}. */
export interface OffsetEstimatorOptions {
  /** Samples kept per source (default 8). */
  readonly windowSize?: number;
  /** Lowest-RTT samples whose median is the source's offset (default 3). */
  readonly bestOf?: number;
  /** Extra uncertainty of a peer-derived estimate, ms (default 10). */
  readonly peerPenaltyMs?: number;
  /** Samples older than this are ignored, ms of base time (default 10 minutes). */
  readonly maxAgeMs?: number;
  /** Samples with a larger round trip are refused, ms (default 10 000). */
  readonly maxRttMs?: number;
  /** Most peers tracked at once; the stalest is forgotten first (default 32). */
  readonly maxPeers?: number;
}

/** One measurement. */
export interface OffsetSample {
  /** Reference time minus local base time, ms. */
  readonly offset: number;
  readonly rtt: number;
  /** Local base time when the answer arrived. */
  readonly at: number;
}

/** The current best estimate. */
export interface OffsetEstimate {
  /** Add to the base clock to get the authority's time, ms. */
  readonly offset: number;
  /**
   * Uncertainty, ms: with authority samples, how far the true offset can be from `offset` inside
   * the interval they prove; with peers only, the best peer's `rtt / 2` plus the peer penalty.
   */
  readonly errorBound: number;
  /** True when at least one fresh authority sample took part. */
  readonly authority: boolean;
  /** Number of sources (authority and peers) the estimate used. */
  readonly sources: number;
}

interface SourceEstimate {
  readonly offset: number;
  readonly bound: number;
}

const AUTHORITY = '\u0000authority';

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Collects samples per source and combines them into one offset (see the module comment). */
export class OffsetEstimator {
  readonly #windowSize: number;
  readonly #bestOf: number;
  readonly #penalty: number;
  readonly #maxAge: number;
  readonly #maxRtt: number;
  readonly #maxPeers: number;
  readonly #samples = new Map<string, OffsetSample[]>();

  constructor(options: OffsetEstimatorOptions = {}) {
    this.#windowSize = positiveInt('windowSize', options.windowSize ?? 8);
    this.#bestOf = positiveInt('bestOf', options.bestOf ?? 3);
    this.#penalty = nonNegative('peerPenaltyMs', options.peerPenaltyMs ?? 10);
    this.#maxAge = nonNegative('maxAgeMs', options.maxAgeMs ?? 600_000);
    this.#maxRtt = nonNegative('maxRttMs', options.maxRttMs ?? 10_000);
    this.#maxPeers = positiveInt('maxPeers', options.maxPeers ?? 32);
  }

  /** Records an authority sample; false when it is refused (non-finite, negative or too long a round trip). */
  addAuthority(t0: number, remote: number, t1: number): boolean {
    return this.#add(AUTHORITY, t0, remote, t1);
  }

  /** Records a sample of a peer's synchronised clock; false when refused. */
  addPeer(peer: string, t0: number, remote: number, t1: number): boolean {
    if (!this.#samples.has(peer) && this.#peerCount() >= this.#maxPeers) this.#evictStalestPeer();
    return this.#add(peer, t0, remote, t1);
  }

  /** Forgets a peer's samples (it left, or it was caught lying). */
  removePeer(peer: string): void {
    this.#samples.delete(peer);
  }

  /** Samples of the authority, oldest first (for diagnostics and tests). */
  authoritySamples(): readonly OffsetSample[] {
    return [...(this.#samples.get(AUTHORITY) ?? [])];
  }

  /** The combined estimate from samples fresh at base time `now`; `undefined` before any. */
  estimate(now: number): OffsetEstimate | undefined {
    const fresh = (s: OffsetSample): boolean => now - s.at <= this.#maxAge;
    const sources: SourceEstimate[] = [];
    let authority: SourceEstimate | undefined;
    let interval: readonly [number, number] | undefined;
    for (const [source, all] of this.#samples) {
      const samples = all.filter(fresh);
      if (samples.length === 0) continue;
      const best = [...samples].sort((a, b) => a.rtt - b.rtt).slice(0, this.#bestOf);
      const isAuthority = source === AUTHORITY;
      const est = {
        offset: median(best.map((s) => s.offset)),
        bound: best[0]!.rtt / 2 + (isAuthority ? 0 : this.#penalty),
      };
      sources.push(est);
      if (isAuthority) {
        authority = est;
        interval = proven(samples, best[0]!);
      }
    }
    if (sources.length === 0) return undefined;
    const minBound = Math.min(...sources.map((s) => s.bound));
    // Sources about as precise as the best one vote; the median resists a minority of liars.
    const chosen = sources.filter((s) => s.bound <= 2 * minBound + 1);
    let offset = median(chosen.map((s) => s.offset));
    if (interval) offset = Math.min(interval[1], Math.max(interval[0], offset));
    // With the authority, the proven interval bounds the error; without, the best source's bound.
    const errorBound = interval ? Math.max(offset - interval[0], interval[1] - offset) : minBound;
    return { offset, errorBound, authority: authority !== undefined, sources: chosen.length };
  }

  #add(source: string, t0: number, remote: number, t1: number): boolean {
    if (!Number.isFinite(t0) || !Number.isFinite(remote) || !Number.isFinite(t1)) return false;
    const rtt = t1 - t0;
    if (rtt < 0 || rtt > this.#maxRtt) return false;
    let list = this.#samples.get(source);
    if (list === undefined) {
      list = [];
      this.#samples.set(source, list);
    }
    list.push({ offset: remote - (t0 + t1) / 2, rtt, at: t1 });
    if (list.length > this.#windowSize) list.splice(0, list.length - this.#windowSize);
    return true;
  }

  #peerCount(): number {
    return this.#samples.size - (this.#samples.has(AUTHORITY) ? 1 : 0);
  }

  #evictStalestPeer(): void {
    let stalest: string | undefined;
    let at = Number.POSITIVE_INFINITY;
    for (const [source, list] of this.#samples) {
      const last = list[list.length - 1]?.at ?? Number.NEGATIVE_INFINITY;
      if (source !== AUTHORITY && last < at) {
        at = last;
        stalest = source;
      }
    }
    if (stalest !== undefined) this.#samples.delete(stalest);
  }
}

/**
 * The offsets every authority sample allows (`offset ± rtt / 2`), intersected. When they do not
 * intersect (the authority's clock was stepped, or the local clock drifted), the lowest-RTT
 * sample's own interval.
 */
function proven(samples: readonly OffsetSample[], best: OffsetSample): readonly [number, number] {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (const s of samples) {
    lo = Math.max(lo, s.offset - s.rtt / 2);
    hi = Math.min(hi, s.offset + s.rtt / 2);
  }
  return lo <= hi ? [lo, hi] : [best.offset - best.rtt / 2, best.offset + best.rtt / 2];
}

/** A clock-sync option is invalid; thrown at construction. `option` names it. */
export class ClockSyncOptionError extends P2PError<'bad-option'> {
  readonly option: string;

  constructor(option: string, message: string) {
    super('bad-option', message);
    this.option = option;
  }
}

/** Checks an integer option is at least 1. */
export function positiveInt(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new ClockSyncOptionError(name, `clock sync option \`${name}\` must be a positive integer, got ${v}`);
  }
  return v;
}

/** Checks a number option is finite and at least `min`. */
export function nonNegative(name: string, v: number, min = 0): number {
  if (!Number.isFinite(v) || v < min) {
    throw new ClockSyncOptionError(name, `clock sync option \`${name}\` must be a finite number >= ${min}, got ${v}`);
  }
  return v;
}
