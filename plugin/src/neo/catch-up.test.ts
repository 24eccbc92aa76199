/**
 * A member cut off for longer than its group keeps the messages it would need (the retain
 * window: 36 rounds at k = 2, 1.8 s at R = 50 ms) catches up by a snapshot once the link heals,
 * instead of fetching forever what every other member has pruned; a member behind the others
 * is never asked for one.
 */
import { describe, expect, it } from 'vitest';
import { confirmedDisagreements } from './testing/checks';
import { NeoHarness, peerId } from './testing/harness';

describe('catch-up', () => {
  for (const seed of [1, 2, 3]) {
    it(`a member cut off for 2.5 s in a group of three is back in step within 4 s of the heal (seed ${seed})`, async () => {
      // Fixed timing and no timeout removal (no epoch change meanwhile: a member that missed one
      // takes the epoch path; one removed learns it from the snapshot and stops).
      const config = { minRoundMs: 50, maxRoundMs: 50, minK: 2, maxK: 2, timeoutRounds: 400 };
      const h = await NeoHarness.create({ size: 3, seed, latency: 20, jitterMs: 5, config });
      await h.run(1500);
      // Cut off without closing its links (a frozen page): everything to and from it late by 3 s.
      for (const i of [1, 2]) h.net.setLinkLatency(peerId(0), peerId(i), 2500);
      await h.run(2500);
      for (const i of [1, 2]) h.net.setLinkLatency(peerId(0), peerId(i), 20);
      const healedAt = Math.max(...h.live().map((p) => p.group.round));
      await h.run(4000);
      const [cut, ...others] = h.live();
      expect(cut!.group.counters.catchUps).toBeGreaterThan(0);
      expect(cut!.group.appliedRound).toBeGreaterThan(healedAt);
      expect(cut!.group.confirmedRound).toBeGreaterThan(healedAt);
      for (const o of others)
        expect(Math.abs((o.group.appliedRound ?? 0) - (cut!.group.appliedRound ?? 0))).toBeLessThan(10);
      expect(confirmedDisagreements(h.live()).found).toEqual([]);
      h.stop();
    }, 60_000);
  }

  it('two members cut off from each other ask nobody for a snapshot: neither applied past the other', async () => {
    const config = { minRoundMs: 50, maxRoundMs: 50, minK: 2, maxK: 2 };
    const h = await NeoHarness.create({ size: 2, seed: 4, latency: 20, config });
    await h.run(1500);
    h.net.setLinkLatency(peerId(0), peerId(1), 2500);
    await h.run(2500);
    h.net.setLinkLatency(peerId(0), peerId(1), 20);
    await h.run(3000);
    for (const p of h.live()) expect(p.group.counters.catchUps).toBe(0);
    expect(confirmedDisagreements(h.live()).found).toEqual([]);
    h.stop();
  }, 60_000);
});
