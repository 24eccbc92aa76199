import { describe, expect, it } from 'vitest';
import { SeededRng } from '../rng/rng';
import { err, ok } from '../util/result';
import { ClockSync, type FetchTime } from './sync-driver';
import { VirtualClock } from './virtual-clock';

const AUTHORITY_AHEAD = 123_456;

/** `/api/time` over a link with `up` / `down` one-way delays (functions, for jitter). */
function authority(base: VirtualClock, up: () => number, down: () => number): FetchTime {
  return (signal) =>
    new Promise((resolve) => {
      const onAbort = (): void => resolve(err(new Error('aborted')));
      signal.addEventListener('abort', onAbort, { once: true });
      base.setTimeout(() => {
        const now = base.now() + AUTHORITY_AHEAD;
        base.setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve(ok(now));
        }, down());
      }, up());
    });
}

describe('ClockSync', () => {
  it('synchronises to the authority within half the path asymmetry, despite jitter', async () => {
    const base = new VirtualClock(1_000);
    const rng = new SeededRng(3);
    const sync = new ClockSync({
      base,
      fetchTime: authority(
        base,
        () => 40 + rng.int(5) + (rng.next() < 0.3 ? 200 : 0),
        () => 20 + rng.int(5),
      ),
      burstIntervalMs: 500,
      rng,
    });
    sync.start();
    sync.start();
    expect(sync.clock.synced).toBe(false);
    await base.tick(10_000, 50);
    expect(sync.clock.synced).toBe(true);
    expect(sync.estimator.authoritySamples().length).toBeGreaterThanOrEqual(5);
    const error = sync.clock.now() - (base.now() + AUTHORITY_AHEAD);
    expect(Math.abs(error)).toBeLessThanOrEqual(15);
    sync.stop();
    sync.stop();
    const samples = sync.estimator.authoritySamples().length;
    await base.tick(120_000, 1000);
    expect(sync.estimator.authoritySamples().length).toBe(samples);
  });

  it('polls at the interval after the burst, and backs off on failures', async () => {
    const base = new VirtualClock(0);
    let calls = 0;
    let failing = false;
    const fetchTime: FetchTime = async () => {
      calls++;
      return failing ? err(new Error('down')) : ok(base.now() + 5);
    };
    const sync = new ClockSync({ base, fetchTime, burst: 3, burstIntervalMs: 100, intervalMs: 10_000 });
    sync.start();
    await base.tick(1_000, 10);
    expect(calls).toBe(3);
    await base.tick(10_000, 100);
    expect(calls).toBe(4);
    failing = true;
    await base.tick(10_000, 100);
    await base.tick(1_000, 10);
    // Failed at 20 200, then retried 200, 400 and 800 ms later (doubling, capped at the interval).
    expect(calls).toBe(8);
    sync.stop();
  });

  it('aborts a request that takes longer than timeoutMs', async () => {
    const base = new VirtualClock(0);
    const sync = new ClockSync({
      base,
      fetchTime: authority(
        base,
        () => 10_000,
        () => 10,
      ),
      timeoutMs: 1000,
    });
    const sampled = sync.sampleAuthority();
    await base.tick(1_001, 100);
    expect(await sampled).toBe(false);
    expect(sync.clock.synced).toBe(false);
  });

  it('synchronises a peer without authority access through ping/pong, with the authority as the reference', async () => {
    const base = new VirtualClock(0);
    // Peer A is synced to the authority; B's local clock is 5 s behind A's and has no authority.
    const a = new ClockSync({
      base,
      fetchTime: authority(
        base,
        () => 10,
        () => 10,
      ),
    });
    await Promise.all([a.sampleAuthority(), base.tick(100, 5)]);
    expect(a.clock.synced).toBe(true);
    const bBase = {
      now: () => base.now() - 5_000,
      setTimeout: base.setTimeout.bind(base),
      clearTimeout: base.clearTimeout.bind(base),
    };
    const b = new ClockSync({ base: bBase, estimator: { peerPenaltyMs: 5 } });
    expect(b.answerPing({ nonce: 1, t: 0 })).toBeUndefined();
    for (let i = 0; i < 4; i++) {
      const ping = b.makePing('A');
      // 30 ms to A, 10 ms back: an asymmetric peer link.
      base.advance(30);
      const pong = a.answerPing(ping);
      if (!pong) throw new Error('A is synced and must answer');
      base.advance(10);
      expect(b.handlePong('A', pong)).toBe(true);
      base.advance(1_000);
    }
    expect(b.clock.synced).toBe(true);
    expect(Math.abs(b.clock.now() - a.clock.now())).toBeLessThanOrEqual(10);
    expect(Math.abs(b.clock.now() - (base.now() + AUTHORITY_AHEAD))).toBeLessThanOrEqual(10);
  });

  it('accepts a pong only for a nonce sent to that peer with the same t', () => {
    const base = new VirtualClock(100);
    const sync = new ClockSync({ base });
    const ping = sync.makePing('A');
    base.advance(10);
    expect(sync.handlePong('B', { nonce: ping.nonce, t: ping.t, t2: 500 })).toBe(false);
    expect(sync.handlePong('A', { nonce: ping.nonce + 1, t: ping.t, t2: 500 })).toBe(false);
    expect(sync.handlePong('A', { nonce: ping.nonce, t: ping.t + 1, t2: 500 })).toBe(false);
    expect(sync.handlePong('A', { nonce: ping.nonce, t: ping.t, t2: 500 })).toBe(true);
    // A replay of the same pong is refused.
    expect(sync.handlePong('A', { nonce: ping.nonce, t: ping.t, t2: 500 })).toBe(false);
  });

  it('reports each new estimate', async () => {
    const base = new VirtualClock(0);
    const sync = new ClockSync({ base, fetchTime: async () => ok(base.now() + 42) });
    const offsets: number[] = [];
    const off = sync.onEstimate((e) => offsets.push(e.offset));
    await sync.sampleAuthority();
    off();
    await sync.sampleAuthority();
    expect(offsets).toEqual([42]);
  });

  it('names a bad option', () => {
    expect(() => new ClockSync({ base: new VirtualClock(), intervalMs: 0 })).toThrow(/`intervalMs`/);
  });
});
