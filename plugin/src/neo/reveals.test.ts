import { describe, expect, it } from 'vitest';
import type { PeerId } from '../transport/transport';
import type { NeoHooks } from './options';
import type { RevealedInput } from './reveals';
import { badReveal, commitToOne } from './testing/adversaries';
import { type HarnessOptions, type HarnessPeer, NeoHarness } from './testing/harness';

const R = 50;
const K = 2;

interface Seen {
  readonly reveal: RevealedInput;
  readonly at: number;
}

async function run(options: Partial<HarnessOptions> & { rounds: number }) {
  const h = await NeoHarness.create({ size: 5, seed: 3, latency: 20, roundMs: R, k: K, ...options });
  const seen = new Map<PeerId, Seen[]>();
  for (const p of h.peers) {
    const list: Seen[] = [];
    seen.set(p.id, list);
    p.group.on('revealed', (reveal) => list.push({ reveal, at: h.clock.now() }));
  }
  await h.waitForRound(options.rounds, h.honest());
  const at = (p: HarnessPeer, round: number, player: PeerId) =>
    (seen.get(p.id) ?? []).filter((s) => s.reveal.round === round && s.reveal.player === player);
  return { h, seen, at };
}

describe('revealed inputs (before the decision)', () => {
  it('shows every input once, before its round is applied, with what its member committed', async () => {
    const { h, at } = await run({ rounds: 24 });
    for (const p of h.peers) {
      for (const q of [3, 10, 18]) {
        const applied = p.appliedAt.get(q)!;
        for (const m of h.peers) {
          const shown = at(p, q, m.id);
          expect(shown, `${p.id} round ${q} from ${m.id}`).toHaveLength(1);
          const s = shown[0]!;
          expect(s.at).toBeLessThanOrEqual(applied);
          expect(s.reveal.input).toEqual(m.state.taken.get(q));
          expect(s.reveal.members).toEqual(h.peers.map((x) => x.id));
          // The key leaves at the start of round q + k: nothing is shown sooner.
          if (m !== p) expect(s.at).toBeGreaterThanOrEqual(1000 + (q + K) * R + 20);
        }
      }
      expect(p.group.counters.revealed).toBeGreaterThan(20 * 5);
    }
  });

  it('shows nothing for a key that opens no held commitment', async () => {
    const { h, at } = await run({
      rounds: 24,
      hooks: (i) => (i === 2 ? badReveal((q) => q === 9) : undefined),
    });
    const cheater = h.peers[2]!;
    for (const p of h.honest()) {
      for (let q = 5; q <= 9; q++) expect(at(p, q, cheater.id), `${p.id} round ${q}`).toHaveLength(q === 9 ? 0 : 1);
      expect(p.state.log.get(9)).toContain(`${cheater.id}=-`);
    }
  });

  it('shows a commitment only where it is held, even when the decision rejects it', async () => {
    const q = 12;
    // Member 4 sends its round-q message (its commitment) to member 0 only, and its round q + 1
    // message without the digest of the round-q commitment (which the others would vote for).
    const hooks: NeoHooks = commitToOne(q);
    // Its key reaches member 0 before the others' votes settle the round there.
    const latency = (from: PeerId, to: PeerId) => ([from, to].includes('p004') && [from, to].includes('p000') ? 2 : 20);
    const { h, at } = await run({ rounds: 24, latency, hooks: (i) => (i === 4 ? hooks : undefined) });
    const liar = h.peers[4]!;
    const [holder, ...others] = h.honest();
    expect(at(holder!, q, liar.id)).toHaveLength(1);
    expect(holder!.state.log.get(q)).toContain(`${liar.id}=-`);
    // The others see its key but hold no commitment to open.
    for (const p of others) {
      expect(p.group.signedMessages(q)[4]).toBeUndefined();
      expect(at(p, q, liar.id)).toHaveLength(0);
    }
    // Its other rounds are shown everywhere.
    for (const p of h.honest()) expect(at(p, q + 3, liar.id)).toHaveLength(1);
  });
});
