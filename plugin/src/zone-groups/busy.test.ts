/**
 * Two players in one leaf group while their pages are busy in long tasks (timers and message
 * handlers held back for up to half a second, three quarters of the time; see
 * `zone/busy-page.ts`): the second joins the first's group, and from then on both see both.
 * With both pages busy, the pair never came together before NEO's catch-up by snapshot: the
 * joiner's first rounds were decided nowhere it could fetch them from.
 */
import { describe, expect, it } from 'vitest';
import { ZoneHarness } from '../zone/testing';
import { joinAt, type PlaceZoneRoom } from './test-fixtures';

const LONG_TASKS = { busyMs: [100, 500], freeMs: [30, 200] } as const;

describe('quadtree groups on busy pages', () => {
  for (const [who, busy] of [
    ['the joiner', [1]],
    ['the founder', [0]],
    ['both players', [0, 1]],
  ] as const) {
    for (const seed of [1, 2]) {
      it(`${who} busy: the join takes under 8 s, the two meet in one group within 2 s and stay there for 20 s (seed ${seed})`, async () => {
        const h = await ZoneHarness.create({ players: 2, seed, latencyMs: 30, jitterMs: 10 });
        const a = await joinAt(h, 0, { x: 300, y: 300 });
        await h.run(1000);
        for (const i of busy) h.players[i]!.page.starve(LONG_TASKS);
        const t0 = h.clock.now();
        const b = await joinAt(h, 1, { x: 340, y: 300 });
        expect(h.clock.now() - t0, 'the join took').toBeLessThan(8000);
        const ids = h.players.map((p) => p.id).sort();
        const together = (): boolean =>
          [a, b].every(
            (r: PlaceZoneRoom) =>
              r.info().members.length === 2 &&
              r.info().groupId === a.info().groupId &&
              Object.keys(r.room.state.players).sort().join() === ids.join(),
          );
        await h.waitFor(together, 2000, 'both in one group, each seeing both');
        for (let t = 0; t < 20_000; t += 250) {
          await h.run(250);
          expect(together(), `together ${t} ms later`).toBe(true);
        }
        // The pages were busy indeed: hundreds of timers and messages held back.
        for (const i of busy) expect(h.players[i]!.page.deferred).toBeGreaterThan(100);
        h.stop();
      }, 120_000);
    }
  }
});
