import { describe, expect, it } from 'vitest';
import { TEST_ZONE, TestRoom } from './fixtures';
import { loadMessages, otherGroupWins } from './merge';
import { ZoneHarness, type ZonePlayer } from './testing';

const info = (p: ZonePlayer) => p.room!.info();

describe('the merge rule', () => {
  it('the larger group wins; at equal size, the smaller group id; never both', () => {
    const g = (groupId: string, n: number) => ({
      groupId,
      size: n,
      members: Array.from({ length: n }, (_, i) => `m${i}`),
    });
    const cases = [
      [g('a.1', 2), g('b.1', 3)],
      [g('a.1', 3), g('b.1', 2)],
      [g('a.1', 2), g('b.1', 2)],
      [g('b.1', 2), g('a.1', 2)],
    ] as const;
    for (const [ours, theirs] of cases) expect(otherGroupWins(ours, theirs)).not.toBe(otherGroupWins(theirs, ours));
    expect(otherGroupWins(g('b.1', 2), g('a.1', 2))).toBe(true);
    expect(otherGroupWins(g('a.1', 3), g('b.1', 2))).toBe(false);
  });

  it('splits carried items into small load messages', () => {
    const e = (i: number) =>
      [`i${i}`, 'gem', 1, 1, 0, 9, 'z', 0, false] as [
        string,
        string,
        number,
        number,
        number,
        number,
        string,
        number,
        boolean,
      ];
    const msgs = loadMessages(
      'c0_0',
      3,
      Array.from({ length: 10 }, (_, i) => e(i)),
      4,
    );
    expect(msgs.map((m) => m.entries.length)).toEqual([4, 4, 2]);
    expect(loadMessages('c0_0', 3, [], 4)).toEqual([{ cell: 'c0_0', seq: 3, entries: [] }]);
    expect(loadMessages('c0_0', 0, [], 4)).toEqual([]);
  });
});

describe('two groups founded at once', () => {
  it('merge into one group: the smaller (or, at a tie, the larger id) dissolves into the other', async () => {
    const h = await ZoneHarness.create({ players: 3, seed: 11 });
    const [a, b] = await h.settle(
      Promise.all([h.join(0, { zone: TEST_ZONE, room: TestRoom }), h.join(1, { zone: TEST_ZONE, room: TestRoom })]),
    );
    expect(a!.ok && b!.ok).toBe(true);
    // Nobody had published a record yet: both founded.
    expect(info(h.players[0]!).counters.founded).toBe(1);
    expect(info(h.players[1]!).counters.founded).toBe(1);
    expect(info(h.players[0]!).groupId).not.toBe(info(h.players[1]!).groupId);
    const [p0, p1] = h.players;
    const founded = [info(p0!).groupId, info(p1!).groupId].sort();
    await h.waitFor(
      () => info(p0!).members.length === 2 && info(p1!).members.length === 2 && info(p0!).groupId === info(p1!).groupId,
      30_000,
      'one group',
    );
    const winner = info(p0!).groupId;
    // Equal sizes: the group with the smaller id survives.
    expect(winner).toBe(founded[0]);
    expect((info(p0!).counters.merges ?? 0) + (info(p1!).counters.merges ?? 0)).toBe(1);
    await h.run(1000);
    // Both avatars are in the surviving room (the mover re-entered it through onJoin).
    for (const p of [p0!, p1!]) {
      const players = (p.room!.room.state as { players: Record<string, unknown> }).players;
      expect(Object.keys(players).sort()).toEqual([p0!.id, p1!.id].sort());
    }
    // A third player now finds that one group.
    const c = await h.settle(h.join(2, { zone: TEST_ZONE, room: TestRoom }));
    expect(c.ok).toBe(true);
    await h.waitFor(() => info(h.players[2]!).members.length === 3, 15_000, 'third member');
    expect(info(h.players[2]!).groupId).toBe(winner);
    h.stop();
  });
});
