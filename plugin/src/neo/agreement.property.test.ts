import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmedDisagreements } from './testing/checks';
import { NeoHarness, peerId } from './testing/harness';

/** A deterministic pseudo-random fraction of (member, round, seed). */
function draw(i: number, r: number, seed: number): number {
  let h = (Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(r + 7, 0x85ebca6b) ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 13)) / 4294967296;
}

const schedule = fc.record({
  size: fc.integer({ min: 2, max: 6 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  loss: fc.double({ min: 0, max: 0.15, noNaN: true }),
  jitterMs: fc.integer({ min: 0, max: 40 }),
  k: fc.integer({ min: 2, max: 3 }),
  /** One-way delay of each pair, ms. */
  links: fc.array(fc.integer({ min: 2, max: 160 }), { minLength: 15, maxLength: 15 }),
  inputRate: fc.double({ min: 0.1, max: 1, noNaN: true }),
  /** One member cut off for a while (groups of 3 or more: the rest is a majority). */
  cut: fc.record({ at: fc.integer({ min: 200, max: 2000 }), ms: fc.integer({ min: 0, max: 1200 }), who: fc.nat(5) }),
});

describe('agreement (property)', () => {
  it('no two members ever confirm different decisions for a round, whatever the delays, losses, cuts and inputs', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (c) => {
        const h = await NeoHarness.create({
          size: c.size,
          seed: c.seed,
          loss: c.loss,
          jitterMs: c.jitterMs,
          k: c.k,
          latency: 20,
          inputs: (i, r) => (draw(i, r, c.seed) < c.inputRate ? Uint8Array.of(i, r & 0xff) : null),
        });
        let l = 0;
        for (let a = 0; a < c.size; a++) {
          for (let b = a + 1; b < c.size; b++) h.net.setLinkLatency(peerId(a), peerId(b), c.links[l++]!);
        }
        await h.run(c.cut.at);
        if (c.size >= 3 && c.cut.ms > 0) {
          h.net.partition([peerId(c.cut.who % c.size)]);
          await h.run(c.cut.ms);
          h.net.heal();
        }
        await h.run(5000 - c.cut.at - c.cut.ms);
        const peers = h.live();
        expect(confirmedDisagreements(peers).found).toEqual([]);
        // Progress: a majority keeps confirming rounds.
        expect(Math.max(...peers.map((p) => p.group.confirmedRound))).toBeGreaterThan(40);
        h.stop();
      }),
      { numRuns: 12, seed: 20_240_601 },
    );
  });
});
