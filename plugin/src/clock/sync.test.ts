import { describe, expect, it } from 'vitest';
import { SeededRng } from '../rng/rng';
import { ClockSyncOptionError, OffsetEstimator } from './sync';

const TRUE_OFFSET = 5_000;

/** A sample with uplink `up` and downlink `down` ms: the remote clock is read `up` after sending. */
function sample(e: OffsetEstimator, t0: number, up: number, down: number, peer?: string, peerError = 0): boolean {
  const remote = t0 + up + TRUE_OFFSET + peerError;
  const t1 = t0 + up + down;
  return peer === undefined ? e.addAuthority(t0, remote, t1) : e.addPeer(peer, t0, remote, t1);
}

describe('OffsetEstimator', () => {
  it('is exact with symmetric delays', () => {
    const e = new OffsetEstimator();
    sample(e, 100, 40, 40);
    expect(e.estimate(200)).toEqual({ offset: TRUE_OFFSET, errorBound: 40, authority: true, sources: 1 });
  });

  it('is off by half the asymmetry, never more than rtt / 2', () => {
    const e = new OffsetEstimator();
    sample(e, 0, 90, 10);
    const est = e.estimate(100);
    expect(est?.offset).toBe(TRUE_OFFSET + 40);
    expect(Math.abs((est?.offset ?? 0) - TRUE_OFFSET)).toBeLessThanOrEqual(50);
  });

  it('prefers low-RTT samples under jittery asymmetric delays', () => {
    const rng = new SeededRng(7);
    const e = new OffsetEstimator({ windowSize: 16, bestOf: 3 });
    let t = 0;
    let naive = 0;
    for (let i = 0; i < 16; i++) {
      // Base path 20 ms up / 10 ms down with a few ms of jitter, and upload congestion (one
      // leg only: the worst case for NTP) adding 50..300 ms to 40% of the requests.
      const up = 20 + rng.int(4) + (rng.next() < 0.4 ? 50 + rng.int(250) : 0);
      const down = 10 + rng.int(4);
      sample(e, t, up, down);
      naive += (up - down) / 2 / 16;
      t += 1000;
    }
    const est = e.estimate(t);
    if (est === undefined) throw new Error('no estimate');
    const error = Math.abs(est.offset - TRUE_OFFSET);
    // The guarantee: the true offset is inside the proven interval.
    expect(error).toBeLessThanOrEqual(est.errorBound);
    expect(est.errorBound).toBeLessThan(20);
    // Only the path's own asymmetry (5 ms) and jitter remain, while averaging all samples is far off.
    expect(error).toBeLessThanOrEqual(8);
    expect(Math.abs(naive)).toBeGreaterThan(20);
  });

  it('refuses non-finite, negative and over-long samples', () => {
    const e = new OffsetEstimator({ maxRttMs: 1000 });
    expect(e.addAuthority(10, 5, 9)).toBe(false);
    expect(e.addAuthority(0, Number.NaN, 1)).toBe(false);
    expect(e.addAuthority(0, 5, 2000)).toBe(false);
    expect(e.estimate(0)).toBeUndefined();
  });

  it('uses peers when there is no authority, with a penalty', () => {
    const e = new OffsetEstimator({ peerPenaltyMs: 10 });
    sample(e, 0, 5, 5, 'p1', 2);
    sample(e, 0, 5, 5, 'p2', -2);
    sample(e, 0, 6, 6, 'p3', 1);
    const est = e.estimate(20);
    expect(est?.authority).toBe(false);
    expect(est?.sources).toBe(3);
    expect(est?.offset).toBe(TRUE_OFFSET + 1);
    expect(est?.errorBound).toBe(15);
  });

  it('keeps the authority as the reference: lying peers cannot leave the proven interval', () => {
    const e = new OffsetEstimator({ peerPenaltyMs: 0 });
    sample(e, 0, 20, 20); // proves TRUE_OFFSET ± 20
    for (const p of ['liar1', 'liar2', 'liar3']) sample(e, 0, 1, 1, p, 500);
    const est = e.estimate(100);
    expect(est?.offset).toBe(TRUE_OFFSET + 20);
    expect(est?.authority).toBe(true);
  });

  it('ages samples out and forgets removed or stale peers', () => {
    const e = new OffsetEstimator({ maxAgeMs: 1000, maxPeers: 2 });
    sample(e, 0, 10, 10);
    expect(e.estimate(500)).toBeDefined();
    expect(e.estimate(5000)).toBeUndefined();
    sample(e, 0, 1, 1, 'a');
    sample(e, 10, 1, 1, 'b');
    sample(e, 20, 1, 1, 'c');
    // The authority and two peers: 'a', the stalest, was forgotten for 'c'.
    expect(e.estimate(30)?.sources).toBe(3);
    e.removePeer('c');
    expect(e.estimate(30)?.sources).toBe(2);
    sample(e, 1000, 1, 1, 'b');
    expect(e.estimate(1025)?.authority).toBe(false);
  });

  it('names a bad option', () => {
    expect(() => new OffsetEstimator({ bestOf: 0 })).toThrow(ClockSyncOptionError);
    expect(() => new OffsetEstimator({ windowSize: 1.5 })).toThrow(/`windowSize`/);
  });
});
