/**
 * A player whose page freezes (a background tab, a starved CPU: every message to and from it
 * late by seconds) drops out of the group and must come back in once it thaws, with every
 * player seeing every avatar again. Seen in real browsers under load: the thawed player stayed
 * "rejoining" for good.
 */
import { describe, expect, it } from 'vitest';
import { TEST_ZONE, TestRoom } from './fixtures';
import { avatarsOf, membersOf, twoInOneGroup } from './test-pairs';
import { ZoneHarness as Harness, type ZonePlayer } from './testing';

describe('a frozen player', () => {
  for (const seed of [21, 22, 23]) {
    it(`in a group of two: drops out while frozen and is back once it thaws (seed ${seed})`, async () => {
      const { h, a, b } = await twoInOneGroup(seed);
      h.net.setLinkLatency(a.id, b.id, 3000);
      await h.run(8000);
      h.net.setLinkLatency(a.id, b.id, 20);
      await h.waitFor(
        () => h.players.every((p) => p.room?.status === 'joined' && membersOf(p).length === 2),
        30_000,
        'both back in one group',
      );
      await h.run(2000);
      const all = h.players.map((p) => p.id).sort();
      for (const p of h.players) expect(avatarsOf(p)).toEqual(all);
      h.stop();
    }, 60_000);
  }

  for (const seed of [11, 12, 13]) {
    it(`drops out while frozen and is back in the group once it thaws (seed ${seed})`, async () => {
      const h = await Harness.create({ players: 3, seed });
      for (let i = 0; i < 3; i++) {
        expect((await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom }))).ok).toBe(true);
        if (i === 0) await h.run(1000);
      }
      const all = h.players.map((p) => p.id).sort();
      await h.waitFor(() => h.players.every((p) => membersOf(p).length === 3), 20_000, 'three members');
      const [a, b, c] = h.players as [ZonePlayer, ZonePlayer, ZonePlayer];
      const late = (ms: number): void => {
        h.net.setLinkLatency(a.id, b.id, ms);
        h.net.setLinkLatency(b.id, c.id, ms);
      };
      late(3000);
      let dropped = false;
      for (let t = 0; t < 8000; t += 250) {
        await h.run(250);
        dropped ||= !membersOf(a).includes(b.id) || b.room?.status !== 'joined';
      }
      expect(dropped).toBe(true);
      late(20);
      await h.waitFor(
        () => h.players.every((p) => p.room?.status === 'joined' && membersOf(p).length === 3),
        30_000,
        'all three back in one group',
      );
      await h.run(2000);
      for (const p of h.players) expect(avatarsOf(p)).toEqual(all);
      h.stop();
    }, 60_000);
  }
});
