/**
 * Players joining at once, on busy pages, a zone whose leaves split at two members: the joins
 * race the splits. Each player must end up in a leaf group with its entity, the leaves within
 * `maxGroup`. Before, a split decided while a joiner's spawn was pending sent it to child 0 with
 * no entity; a joiner still entering followed no split at all; and a busy joiner that had not
 * applied a round stalled the child it was assigned to ("our entity was not created").
 */
import { describe, expect, it } from 'vitest';
import { ZoneHarness } from '../zone/testing';
import { joinAt } from './test-fixtures';

const SPOTS = [
  { x: 300, y: 300 },
  { x: 1700, y: 300 },
  { x: 300, y: 1700 },
  { x: 1700, y: 1700 },
];

describe('joins racing splits', () => {
  for (const seed of [1, 2, 3, 5]) {
    for (const holdMs of [0, 200]) {
      it(`three players join at once beside a founder on busy pages (maxGroup 2, holdMs ${holdMs}, seed ${seed})`, async () => {
        const h = await ZoneHarness.create({ players: 4, seed });
        const rule = { maxGroup: 2, minGroup: 1, holdMs };
        const founder = await joinAt(h, 0, SPOTS[0]!, rule);
        await h.run(1000);
        for (const p of h.players) p.page.starve({ busyMs: [100, 400], freeMs: [50, 200] });
        const t0 = h.clock.now();
        const rooms = [founder, ...(await Promise.all([1, 2, 3].map((i) => joinAt(h, i, SPOTS[i]!, rule))))];
        expect(h.clock.now() - t0).toBeLessThan(20_000);
        await h.waitFor(
          () =>
            rooms.every(
              (r, i) =>
                r.info().members.length <= 2 &&
                r.player.current?.state.entities[h.players[i]!.id] !== undefined &&
                r.room.state.players[h.players[i]!.id] !== undefined,
            ),
          20_000,
          'every player placed in a leaf of at most two',
        );
        h.stop();
      }, 120_000);
    }
  }
});
