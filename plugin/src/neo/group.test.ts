import { describe, expect, it } from 'vitest';
import { logNormalLatency } from '../transport/sim/latency';
import { acceptance, agreement } from './testing/checks';
import { type HarnessPeer, NeoHarness, peerId } from './testing/harness';

const lossy = (seed: number) => ({
  seed,
  latency: logNormalLatency({ seed, medianMs: 30, maxMs: 100 }),
  jitterMs: 10,
  loss: 0.05,
  roundMs: 50,
  k: 3,
});

/** Mean time from a round's start to its application, over rounds [from, to], at `p`. */
function meanApplyDelay(p: HarnessPeer, from: number, to: number): number {
  let sum = 0;
  for (let r = from; r <= to; r++) sum += p.appliedAt.get(r)! - (1000 + r * 50);
  return sum / (to - from + 1);
}

describe('NEO groups on a lossy simulated network', () => {
  for (const [size, rounds] of [
    [2, 150],
    [4, 120],
    [8, 100],
    [16, 80],
    [32, 40],
  ] as const) {
    it(`${size} members: identical state hashes at every round, >= 99% of inputs accepted`, async () => {
      const h = await NeoHarness.create({ size, ...lossy(size) });
      await h.waitForRound(rounds);
      const a = agreement(h.live());
      expect(a.mismatches).toEqual([]);
      expect(a.hashMismatches).toEqual([]);
      expect(a.compared).toBeGreaterThanOrEqual(rounds);
      const acc = acceptance(h.live(), h.peers[0]!, 2, rounds - 2);
      expect(acc.ratio).toBeGreaterThanOrEqual(0.99);
      // Confirmation trails the applied round by about 2k + 2 rounds.
      expect(h.peers[0]!.group.confirmedRound).toBeGreaterThan(rounds - 12);
      for (const p of h.peers) expect(p.errors).toEqual([]);
      h.stop();
    });
  }

  it("verify: 'all' (links that are not authenticated) checks every signature and agrees", async () => {
    const h = await NeoHarness.create({ size: 4, ...lossy(3), config: { verify: 'all' } });
    await h.waitForRound(40);
    expect(agreement(h.live()).mismatches).toEqual([]);
    const c = h.peers[0]!.group.counters;
    expect(c.verified).toBeGreaterThanOrEqual(c.received - c.roundsSent);
    expect(acceptance(h.live(), h.peers[0]!, 2, 38).ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('a member 400 ms away does not slow the others', async () => {
    const run = async (slow: boolean) => {
      const h = await NeoHarness.create({
        size: 8,
        seed: 21,
        latency: 30,
        jitterMs: 10,
        loss: 0.02,
        config: { timeoutRounds: 1000 },
      });
      if (slow) for (let i = 1; i < 8; i++) h.net.setLinkLatency(peerId(0), peerId(i), 400);
      await h.waitForRound(80, h.live().slice(1));
      return h;
    };
    const base = await run(false);
    const slow = await run(true);
    const fast = slow.live().slice(1);
    expect(agreement(slow.live()).mismatches).toEqual([]);
    expect(acceptance(fast, fast[0]!, 3, 78).ratio).toBeGreaterThanOrEqual(0.99);
    expect(acceptance([slow.peers[0]!], fast[0]!, 3, 78).accepted).toBe(0);
    for (const p of fast) {
      const withSlow = meanApplyDelay(p, 10, 75);
      const without = meanApplyDelay(base.peers[p.index]!, 10, 75);
      expect(withSlow).toBeLessThan(without * 1.1 + 5);
    }
  });

  it('a crashed member is removed at the next epoch', async () => {
    const h = await NeoHarness.create({
      size: 5,
      seed: 6,
      latency: 30,
      jitterMs: 10,
      loss: 0.02,
      config: { timeoutRounds: 20 },
    });
    await h.waitForRound(20);
    h.crash(peerId(2));
    const epochs: number[] = [];
    h.peers[0]!.group.on('epoch', (e) => epochs.push(e.epoch));
    await h.run(2500);
    expect(epochs).toEqual([1]);
    for (const p of h.live()) expect(p.group.epoch?.members).toEqual([peerId(0), peerId(1), peerId(3), peerId(4)]);
    const first = h.peers[0]!.group.epoch!.firstRound;
    expect(h.peers[0]!.state.log.get(first)).toContain(`|-${peerId(2)}|`);
    expect(agreement(h.live()).mismatches).toEqual([]);
    await h.run(1000);
    expect(acceptance(h.live(), h.peers[0]!, first, first + 15).ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('a member that joins mid-game receives the state, checks it and converges', async () => {
    const h = await NeoHarness.create({ size: 4, seed: 8, latency: 25, jitterMs: 10, loss: 0.03 });
    await h.waitForRound(30);
    const joiner = await h.join();
    await h.run(3500);
    expect(joiner.state.restores).toBe(1);
    expect(joiner.group.epoch?.members).toContain(joiner.id);
    const first = joiner.group.epoch!.firstRound;
    expect(h.peers[0]!.state.log.get(first)).toContain(`|+${joiner.id}|`);
    const last = joiner.group.appliedRound!;
    expect(last).toBeGreaterThan(first + 20);
    // Same hash as everyone at every round it applied, and its inputs count.
    expect(agreement(h.live()).hashMismatches).toEqual([]);
    expect(joiner.group.confirmedRound).toBeGreaterThan(first + 10);
    expect(acceptance([joiner], h.peers[0]!, first + 2, last - 4).ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('a joiner whose welcome comes after its epoch began still joins and converges', async () => {
    // The joiner's links take 1.2 s each way: its welcome arrives after the first round of the
    // epoch that admits it (a busy browser tab delays a welcome the same way).
    const joinerId = 'late-joiner';
    const slow = (a: string, b: string): boolean => a === joinerId || b === joinerId;
    const h = await NeoHarness.create({ size: 3, seed: 12, latency: (a, b) => (slow(a, b) ? 1200 : 20) });
    await h.waitForRound(20);
    const joiner = await h.join(joinerId);
    await h.run(8000);
    // It entered the epoch that admitted it (late) and restored the group's state from a member.
    // (Its own slow messages later get it timed out; what matters here is that it got in.)
    expect(joiner.state.restores).toBe(1);
    expect(joiner.group.appliedRound).toBeGreaterThan(60);
    expect(agreement(h.live()).hashMismatches).toEqual([]);
  });

  it('a member that leaves is removed at the next epoch and stops', async () => {
    const h = await NeoHarness.create({ size: 4, seed: 9, latency: 20, jitterMs: 5 });
    await h.waitForRound(10);
    const reasons: string[] = [];
    h.peers[1]!.group.on('left', (why) => reasons.push(why));
    h.peers[1]!.group.leave();
    await h.run(2000);
    expect(reasons).toEqual(['left']);
    expect(h.peers[0]!.group.epoch?.members).toEqual([peerId(0), peerId(2), peerId(3)]);
    expect(agreement(h.live()).mismatches).toEqual([]);
  });

  it('adapts k to the measured delays, switching at the same round everywhere', async () => {
    const h = await NeoHarness.create({
      size: 5,
      seed: 12,
      latency: 120,
      jitterMs: 20,
      roundMs: 50,
      k: 2,
      // R stays (targetK 0): only k adapts.
      config: { adaptEveryRounds: 40, maxK: 6, targetK: 0 },
    });
    await h.waitForRound(120);
    const ks = h.live().map((p) => `${p.group.epoch?.epoch}:${p.group.epoch?.k}:${p.group.epoch?.firstRound}`);
    expect(new Set(ks).size).toBe(1);
    const e = h.peers[0]!.group.epoch!;
    expect(e.epoch).toBeGreaterThanOrEqual(1);
    // 120-140 ms delays need k >= 3 at 50 ms (k first doubles blindly while nothing gets through).
    expect(e.k).toBeGreaterThanOrEqual(3);
    expect(agreement(h.live()).mismatches).toEqual([]);
    const late = acceptance(h.live(), h.peers[0]!, e.firstRound + 2, e.firstRound + 20);
    expect(late.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('adapts R and k together toward a deadline of targetK rounds', async () => {
    const h = await NeoHarness.create({
      size: 9,
      seed: 14,
      latency: 60,
      jitterMs: 10,
      loss: 0.02,
      roundMs: 50,
      k: 4,
      config: { adaptEveryRounds: 30 },
    });
    await h.waitForRound(100);
    const e = h.peers[0]!.group.epoch!;
    // Delays of 60-70 ms: D is about 80 ms, so R = D / 2 and k = 2 (nine members: no rescue round).
    expect(e.roundMs).toBeGreaterThanOrEqual(35);
    expect(e.roundMs).toBeLessThanOrEqual(45);
    expect(e.k).toBe(2);
    expect(
      h.live().every((p) => p.group.epoch?.roundMs === e.roundMs && p.group.epoch.firstRound === e.firstRound),
    ).toBe(true);
    await h.waitForRound(e.firstRound + 40);
    expect(agreement(h.live()).mismatches).toEqual([]);
    expect(acceptance(h.live(), h.peers[0]!, e.firstRound + 2, e.firstRound + 36).ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('shrinks k when the delays allow it', async () => {
    const h = await NeoHarness.create({
      size: 5,
      seed: 13,
      latency: 20,
      jitterMs: 5,
      k: 6,
      config: { adaptEveryRounds: 30, targetK: 0 },
    });
    await h.waitForRound(80);
    const e = h.peers[0]!.group.epoch!;
    expect(e.k).toBe(2);
    expect(h.live().every((p) => p.group.epoch?.k === 2 && p.group.epoch.firstRound === e.firstRound)).toBe(true);
    expect(agreement(h.live()).mismatches).toEqual([]);
  });
});
