import { describe, expect, it } from 'vitest';
import type { NeoDecidedWire } from '../wire/messages/neo-sync';
import type { ZoneDef } from '../zone/types';
import { GroupsHarness } from './testing/harness';

const ZONE: ZoneDef = { name: 'meadow', bounds: { x: 0, y: 0, width: 2048, height: 2048 } };

/** r0 holds players 0, 1, 2 (they keep moving); player 3 alone in r1 looks at r0. */
async function watched(seed: number) {
  const g = await GroupsHarness.create({ players: 4, seed });
  const spots = [
    { x: 300, y: 300 },
    { x: 500, y: 300 },
    { x: 700, y: 300 },
    { x: 1700, y: 300 },
  ];
  await g.joinAll([0, 1, 2, 3], ZONE, (i) => spots[i]!, { maxGroup: 3, minGroup: 1, holdMs: 300 });
  const expected = ['r0', 'r0', 'r0', 'r1'];
  await g.h.waitFor(() => [0, 1, 2, 3].every((i) => g.player(i).current?.cell === expected[i]), 30_000, 'split');
  let t = 0;
  const offs = [0, 1, 2].map((i) =>
    g.player(i).onApplied((m) => {
      if (m !== g.player(i).current) return;
      t++;
      g.player(i).move({ x: spots[i]!.x + (t % 40 < 20 ? 60 : 0), y: 300 + i * 50 });
    }),
  );
  const observer = g.player(3);
  observer.setView({ x: 900, y: 100, width: 800, height: 600 });
  await g.h.waitFor(() => observer.observed().length === 1, 10_000, 'observing r0');
  const leaf = () => observer.observed()[0]!;
  await g.h.waitFor(() => leaf().observer.checkedRound > 0, 10_000, 'first check');
  return {
    g,
    observer,
    leaf,
    stopMoving: () => {
      for (const off of offs) off();
    },
  };
}

describe('observation', () => {
  it('an observer applies the decided rounds of the leaves in view, checked by the majority, and never votes', async () => {
    const { g, observer, leaf, stopMoving } = await watched(21);
    expect(leaf().cell).toBe('r0');
    expect(g.player(0).members()).not.toContain(g.id(3));
    const before = leaf().observer.checkedRound;
    await g.h.run(2000);
    expect(leaf().observer.checkedRound).toBeGreaterThan(before + 20);
    expect(leaf().observer.counters.rejected).toBe(0);
    stopMoving();
    await g.h.run(1500);
    const seen = leaf().observer.composite.state.entities;
    const truth = g.player(0).current!.state.entities;
    expect(seen).toEqual(truth);
    // Leaving the view ends the subscription.
    const feeder = leaf().observer.feeder!;
    const fed = [0, 1, 2].find((i) => g.id(i) === feeder)!;
    expect(g.player(fed).current!.feed.subscribers).toContain(g.id(3));
    observer.setView({ x: 1500, y: 1500, width: 100, height: 100 });
    await g.h.waitFor(() => observer.observed().length === 0, 5000, 'view left');
    await g.h.run(200);
    expect(g.player(fed).current!.feed.subscribers).not.toContain(g.id(3));
    g.stop();
  });

  it('an observer fed a made-up round by one forwarder rejects it and goes on with another member', async () => {
    const { g, leaf, stopMoving } = await watched(22);
    const liar = [0, 1, 2].find((i) => g.id(i) === leaf().observer.feeder)!;
    // From now on the feeder drops one member's input from every round it forwards.
    g.player(liar).current!.feed.tamper = (d: NeoDecidedWire): NeoDecidedWire => {
      const mask = new Uint8Array(d[2]);
      mask[0] = mask[0]! & ~1;
      return [d[0], d[1], mask, d[3], d[4]];
    };
    await g.h.waitFor(() => leaf().observer.counters.rejected > 0, 10_000, 'the made-up round rejected');
    const checkedAtRejection = leaf().observer.checkedRound;
    await g.h.waitFor(() => leaf().observer.feeder !== g.id(liar), 5000, 'another feeder');
    await g.h.waitFor(() => leaf().observer.checkedRound > checkedAtRejection + 8, 10_000, 'checks go on');
    stopMoving();
    await g.h.run(1500);
    expect(leaf().observer.composite.state.entities).toEqual(g.player(0).current!.state.entities);
    expect(leaf().observer.counters.rejected).toBe(1);
    g.stop();
  });
});
