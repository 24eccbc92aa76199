/**
 * One of two players leaves the group (a door to another zone, `leave()`) while the other's page
 * is busy and its link loses messages. The one left must play on alone: the group's last rounds
 * before the leave need the leaver's messages, and the leaver is the only member that has them.
 * Seen in real browsers at a load average of 9: the leaver stopped its group the moment its leave
 * took effect, the other never completed those rounds, stalled, and spent 20 s asking the leaver
 * to let it back into a group the leaver was no longer in.
 */
import { describe, expect, it } from 'vitest';
import { membersOf, twoInOneGroup } from './test-pairs';

describe('a pair, one leaves', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`the one left plays on alone within 3 s, without a stall (seed ${seed})`, async () => {
      const { h, a, b } = await twoInOneGroup(seed);
      await h.run(1000);
      b.page.starve({ busyMs: [100, 400], freeMs: [30, 200] });
      h.net.setLinkLoss(a.id, b.id, 0.2);
      const leaving = a.room!.leave();
      await h.settle(leaving, 15_000);
      const t0 = h.clock.now();
      const appliedAt = (): number => b.room!.info().appliedRound ?? -1;
      await h.waitFor(() => membersOf(b).join() === b.id, 3000, 'b alone in its group');
      const before = appliedAt();
      await h.run(1000);
      expect(appliedAt(), 'rounds applied in the second after').toBeGreaterThan(before + 5);
      expect(h.clock.now() - t0).toBeLessThan(4100);
      expect(b.room!.status).toBe('joined');
      expect(b.room!.info().counters.stalls ?? 0).toBe(0);
      h.stop();
    }, 60_000);
  }
});
