import { describe, expect, it } from 'vitest';
import type { AuthError, TimeSample } from '../auth';
import type { Clock } from '../clock/clock';
import { VirtualClock } from '../clock/virtual-clock';
import { SeededRng } from '../rng/rng';
import { SimNetwork } from '../transport/sim/sim-network';
import { ok, type Result } from '../util/result';
import { encodeMessage, MessageType } from '../wire';
import { SessionClock } from './session-clock';

/** A player's own clock: the shared virtual time, off by `skew`. */
function skewed(v: VirtualClock, skew: number): Clock {
  return {
    now: () => v.now() + skew,
    setTimeout: (fn, ms) => v.setTimeout(fn, ms),
    clearTimeout: (h) => v.clearTimeout(h),
  };
}

/** `/api/time` on the true timeline (`v`), with `up` / `down` one-way delays. */
function authority(v: VirtualClock, up: number, down: number) {
  return {
    getTime: (): Promise<Result<TimeSample, AuthError>> =>
      new Promise((resolve) => {
        v.setTimeout(() => {
          const serverNow = v.now();
          v.setTimeout(() => resolve(ok({ serverNow, sentAt: 0, receivedAt: 0, rtt: 0, offset: 0 })), down);
        }, up);
      }),
  };
}

function setup() {
  const v = new VirtualClock(1_000_000);
  const net = new SimNetwork({ clock: v, seed: 5, latency: 10 });
  // Alice's path to the authority is symmetric; Bob's is 300 ms up and 20 ms down, so his
  // samples alone put him (300 - 20) / 2 = 140 ms off.
  const alice = new SessionClock(skewed(v, 0), authority(v, 10, 10), new SeededRng(1));
  const bob = new SessionClock(skewed(v, -5_000), authority(v, 300, 20), new SeededRng(2));
  const a = net.createPeer('alice');
  const b = net.createPeer('bob');
  return { v, alice, bob, a, b };
}

/** Runs virtual time until `p` settles. */
async function settle<T>(v: VirtualClock, p: Promise<T>): Promise<T> {
  let done = false;
  const out = p.finally(() => {
    done = true;
  });
  for (let i = 0; i < 1000 && !done; i++) await v.tick(10, 10);
  return out;
}

const errorOf = (v: VirtualClock, c: SessionClock): number => Math.abs(c.clock.now() - v.now());

describe('SessionClock', () => {
  it('takes its first authority sample at once, then a burst of them', async () => {
    const { v, bob } = setup();
    expect(await settle(v, bob.sampleAuthority())).toBeUndefined();
    expect(bob.clock.synced).toBe(true);
    expect(errorOf(v, bob)).toBeCloseTo(140, 0);
    bob.start(setup().b, () => true);
    await v.tick(10_000, 100);
    expect(bob.sync.estimator.authoritySamples().length).toBeGreaterThanOrEqual(5);
    bob.stop();
  });

  it('narrows a skewed authority path with pings to a verified peer', async () => {
    const { v, alice, bob, a, b } = setup();
    await settle(v, Promise.all([alice.sampleAuthority(), bob.sampleAuthority()]));
    alice.start(a, () => true);
    bob.start(b, (peer) => peer === 'alice');
    expect((await settle(v, b.connect('alice'))).ok).toBe(true);
    const before = errorOf(v, bob);
    for (let i = 0; i < 8; i++) {
      bob.ping(b, 'alice');
      await v.tick(1_000, 10);
    }
    expect(before).toBeGreaterThan(100);
    expect(errorOf(v, bob)).toBeLessThan(25);
    expect(bob.counters.clockPeerSamples).toBe(8);
    expect(alice.counters.clockPongsSent).toBe(8);
    alice.stop();
    bob.stop();
  });

  it('takes no sample from a peer it has not verified, nor a pong that answers no ping of ours', async () => {
    const { v, alice, bob, a, b } = setup();
    await settle(v, Promise.all([alice.sampleAuthority(), bob.sampleAuthority()]));
    alice.start(a, () => true);
    bob.start(b, () => false);
    expect((await settle(v, b.connect('alice'))).ok).toBe(true);
    bob.ping(b, 'alice');
    await v.tick(1_000, 10);
    // A forged pong for a nonce never sent, from a peer Bob does trust.
    const bob2 = new SessionClock(skewed(v, 0), authority(v, 10, 10), new SeededRng(3));
    bob2.start(b, () => true);
    a.send('bob', encodeMessage(MessageType.pong, { nonce: 77, t: 5, t2: 1 }));
    await v.tick(100, 10);
    expect(bob.counters.clockPeerSamples).toBe(0);
    expect(bob2.counters.clockPeerSamples).toBe(0);
    expect(bob2.counters.clockPongsRefused).toBeGreaterThan(0);
    for (const c of [alice, bob, bob2]) c.stop();
  });

  it('does not answer pings before its own first sample (its time would only mislead)', async () => {
    const { v, bob, a, b } = setup();
    const unsynced = new SessionClock(skewed(v, 0), authority(v, 1e9, 0), new SeededRng(4));
    unsynced.start(a, () => true);
    bob.start(b, () => true);
    await settle(v, bob.sampleAuthority());
    expect((await settle(v, b.connect('alice'))).ok).toBe(true);
    bob.ping(b, 'alice');
    await v.tick(1_000, 10);
    expect(unsynced.clock.synced).toBe(false);
    expect(unsynced.counters.clockPongsSent).toBe(0);
    expect(bob.counters.clockPeerSamples).toBe(0);
    unsynced.stop();
    bob.stop();
  });
});
