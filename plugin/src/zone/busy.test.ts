/**
 * Players whose pages are busy in long tasks (a starved CPU: timers and message handlers held
 * back for up to half a second, three quarters of the time) join, and stay joined, with every
 * player seeing every avatar. Seen in real browsers at a load average of 10 and more: a busy
 * joiner's first rounds came too late, it never decided them, and it fetched forever messages
 * every other member had already pruned (the group froze until the stall watch broke it up).
 */
import { describe, expect, it } from 'vitest';
import { TEST_ZONE, TestRoom } from './fixtures';
import { avatarsOf, membersOf } from './test-pairs';
import { ZoneHarness } from './testing';

const LONG_TASKS = { busyMs: [100, 500], freeMs: [30, 200] } as const;

describe('busy pages', () => {
  for (const [who, busy] of [
    ['the joiner', [1]],
    ['the founder', [0]],
    ['both players', [0, 1]],
  ] as const) {
    for (const seed of [1, 2, 3]) {
      it(`${who} busy: the join takes under 6 s and both see both for the next 30 s (seed ${seed})`, async () => {
        const h = await ZoneHarness.create({ players: 2, seed, latencyMs: 30, jitterMs: 10 });
        expect((await h.settle(h.join(0, { zone: TEST_ZONE, room: TestRoom }))).ok).toBe(true);
        await h.run(1000);
        for (const i of busy) h.players[i]!.page.starve(LONG_TASKS);
        const t0 = h.clock.now();
        expect((await h.settle(h.join(1, { zone: TEST_ZONE, room: TestRoom }))).ok).toBe(true);
        const all = h.players.map((p) => p.id).sort();
        const together = (): boolean =>
          h.players.every(
            (p) => p.room?.status === 'joined' && membersOf(p).length === 2 && avatarsOf(p).join() === all.join(),
          );
        expect(h.clock.now() - t0, 'the join took').toBeLessThan(6000);
        await h.waitFor(together, 6000 - (h.clock.now() - t0), 'both in one group, each seeing both');
        let apart = 0;
        for (let t = 0; t < 30_000; t += 250) {
          await h.run(250);
          if (!together()) apart += 250;
        }
        expect(apart).toBe(0);
        expect(busy.every((i) => h.players[i]!.page.deferred > 100)).toBe(true);
        h.stop();
      }, 120_000);
    }
  }
});
