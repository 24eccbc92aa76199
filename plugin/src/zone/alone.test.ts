import { describe, expect, it } from 'vitest';
import { membersOf, twoInOneGroup } from './test-pairs';
import type { ZonePlayer } from './testing';

const applied = (p: ZonePlayer) => p.room?.info().appliedRound ?? -1;

describe('the other player of a group of two closes its tab', () => {
  it('the one left goes on alone within two seconds', async () => {
    const { h, a, b } = await twoInOneGroup(31);
    await h.run(1000);
    const inProgress = a.room!.info().round;
    // What the page's pagehide does: the links close at once, nothing more is sent.
    b.abort.abort();
    void b.transport.close();
    const t0 = h.clock.now();
    await h.waitFor(() => applied(a) > inProgress, 20_000, 'a round after the close applied');
    const took = h.clock.now() - t0;
    expect(took).toBeLessThan(2000);
    expect(a.room!.status).toBe('joined');
    expect(membersOf(a)).toEqual([a.id]);
    expect(a.room!.info().counters.wentOnAlone).toBe(1);
    // Its game state goes on: the one who left is gone from it, its own avatar stays.
    await h.run(1000);
    expect(Object.keys((a.room!.room.state as { players: object }).players)).toEqual([a.id]);
    h.stop();
  }, 60_000);

  it('a link that only dropped (the other page is still there) does not split the group', async () => {
    const { h, a, b } = await twoInOneGroup(33);
    const groupId = a.room!.info().groupId;
    // The link drops and nothing gets through for two seconds (a dial cannot open it either).
    h.net.partition([a.id], [b.id]);
    a.transport.disconnect(b.id);
    await h.run(2000);
    h.net.heal();
    await h.waitFor(
      () => h.players.every((p) => membersOf(p).length === 2 && p.room?.status === 'joined'),
      20_000,
      'back',
    );
    await h.run(2000);
    for (const p of [a, b]) {
      expect(p.room!.info().groupId).toBe(groupId);
      expect(membersOf(p)).toHaveLength(2);
      expect(p.room!.info().counters.wentOnAlone ?? 0).toBe(0);
    }
    h.stop();
  }, 60_000);

  for (const seed of [41, 42, 43]) {
    it(`two players only cut off from each other each go on alone, then become one group again (seed ${seed})`, async () => {
      const { h, a, b } = await twoInOneGroup(seed);
      h.net.partition([a.id], [b.id]);
      await h.waitFor(() => membersOf(a).length === 1 && membersOf(b).length === 1, 60_000, 'each alone');
      h.net.heal();
      await h.waitFor(
        () => h.players.every((p) => p.room?.status === 'joined' && membersOf(p).length === 2),
        120_000,
        'one group again',
      );
      await h.run(2000);
      for (const p of h.players) {
        expect(Object.keys((p.room!.room.state as { players: object }).players).sort()).toEqual([a.id, b.id].sort());
      }
      h.stop();
    }, 120_000);
  }
});
