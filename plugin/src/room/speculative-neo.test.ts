import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NeoHooks } from '../neo/options';
import { commitToOne } from '../neo/testing/adversaries';
import { type NeoHarness as Harness, type HarnessOptions, NeoHarness, peerId } from '../neo/testing/harness';
import { s } from '../wire/schema';
import { defineRoom } from './define';
import { RoomReplica } from './replica';

/** Positions moved by inputs, and a tick per round: no randomness, so a view with the decided inputs equals the decided state. */
const walk = defineRoom({
  name: 'walk',
  initialState: () => ({ pos: {} as Record<string, number>, ticks: 0 }),
  messages: {
    step: {
      schema: s.object({ dx: s.int({ min: 1, max: 9 }) }),
      handler: (draft, player, { dx }) => {
        draft.pos[player] = (draft.pos[player] ?? 0) + dx;
      },
    },
  },
  onRound: (draft) => {
    draft.ticks++;
  },
});
type Walk = RoomReplica<ReturnType<typeof walk.config.initialState>, unknown>;

/** NEO members driving a `walk` replica each; every member steps in rounds before `stopAt`. */
async function walkers(options: {
  size: number;
  seed: number;
  loss: number;
  stopAt: number;
  links?: number[];
  hooks?: HarnessOptions['hooks'];
}) {
  const replicas: Walk[] = [];
  const h: Harness = await NeoHarness.create({
    size: options.size,
    seed: options.seed,
    loss: options.loss,
    latency: 20,
    hooks: options.hooks,
    state: (i, id) => {
      const r = new RoomReplica(walk, { self: id }) as Walk;
      const take = r.takeInput.bind(r);
      r.takeInput = (round) => {
        if (round < options.stopAt && (round + i) % 3 !== 0) r.enqueue('step', { dx: 1 + ((round * 7 + i) % 9) });
        return take(round);
      };
      replicas.push(r);
      return r;
    },
  });
  let l = 0;
  for (let a = 0; a < options.size; a++) {
    for (let b = a + 1; b < options.size; b++) h.net.setLinkLatency(peerId(a), peerId(b), options.links?.[l++] ?? 20);
  }
  h.peers.forEach((p, i) => {
    p.group.on('revealed', (r) => replicas[i]!.reveal(r));
  });
  return { h, replicas };
}

describe('speculative view over NEO rounds', () => {
  it('shows remote inputs before their round is decided, and rolls back one the decision rejects', async () => {
    const q = 12;
    // Member 4 sends its round-q commitment to member 0 only (and its round q + 1 message without
    // that commitment's digest): its key opens it at member 0 alone, and the decision rejects it.
    const liar: NeoHooks = commitToOne(q);
    const { h, replicas } = await walkers({
      size: 5,
      seed: 4,
      loss: 0,
      stopAt: 1_000,
      // Member 4's key reaches member 0 before the votes that settle the round there.
      links: [20, 20, 20, 2],
      hooks: (i) => (i === 4 ? liar : undefined),
    });
    const holder = replicas[0]!;
    let ahead = 0;
    let remote = 0;
    let liarShown = false;
    h.peers[0]!.group.on('revealed', (r) => {
      if (r.player === holder.self || r.input === null) return;
      remote++;
      // The view now holds the input: the player is further along than in the decided state.
      if ((holder.speculativeState.pos[r.player] ?? 0) > (holder.state.pos[r.player] ?? 0)) ahead++;
      if (r.round === q && r.player === peerId(4)) liarShown = true;
      expect(holder.round).toBeLessThan(r.round);
    });
    await h.waitForRound(30);
    expect(remote).toBeGreaterThan(50);
    expect(ahead).toBe(remote);
    expect(holder.speculation.confirmed).toBeGreaterThan(50);
    expect(liarShown).toBe(true);
    // Rolled back and counted at member 0; every member's decided state agrees without it.
    expect(holder.speculation.mispredicted).toBe(1);
    for (const r of replicas.slice(1, 4)) expect(r.speculation.mispredicted).toBe(0);
    const hashes = h.peers.map((p) => p.group.hashAfter(30));
    for (const hash of hashes) expect(hash).toEqual(hashes[0]);
    expect(holder.state.pos[peerId(4)]).toBeGreaterThan(0);
    expect(holder.speculativeRound).toBeGreaterThan(holder.round);
  });

  it('converges: once inputs stop and their rounds are decided, the view holds exactly the decided positions (property, with loss)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 100_000 }),
          loss: fc.double({ min: 0, max: 0.1, noNaN: true }),
          links: fc.array(fc.integer({ min: 2, max: 90 }), { minLength: 6, maxLength: 6 }),
        }),
        async (c) => {
          const { h, replicas } = await walkers({ size: 4, seed: c.seed, loss: c.loss, stopAt: 40, links: c.links });
          await h.waitForRound(70);
          for (const r of replicas) {
            const view = r.speculativeState;
            expect(view.pos).toEqual(r.state.pos);
            expect(view.ticks).toBe(r.state.ticks + (r.speculativeRound - r.round));
            const { confirmed, mispredicted } = r.speculation;
            expect(confirmed).toBeGreaterThan(60);
            expect(mispredicted).toBeLessThanOrEqual(Math.ceil(0.05 * confirmed));
            expect(r.speculation.rerun).toBeGreaterThan(0);
          }
          h.stop();
        },
      ),
      { numRuns: 5, seed: 20_261_121 },
    );
  });
});
