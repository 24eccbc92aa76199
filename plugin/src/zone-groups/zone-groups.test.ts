import { describe, expect, it } from 'vitest';
import { ZoneHarness } from '../zone/testing';
import { joinZoneGroups } from './join';
import { joinAt, PlaceRoom, type PlaceZoneRoom as Room, ZONE } from './test-fixtures';

const SPOTS = [
  { x: 300, y: 300 },
  { x: 900, y: 300 },
  { x: 1700, y: 300 },
];

/** Three players split by maxGroup 2 into r0 {0, 1} and r1 {2}. */
async function threeSplit(seed: number) {
  const h = await ZoneHarness.create({ players: 3, seed });
  const rooms: Room[] = [];
  const where = SPOTS.map((p) => ({ ...p }));
  for (const i of [0, 1, 2]) {
    const room = await joinAt(h, i, where[i]!, { maxGroup: 2, minGroup: 1, holdMs: 300 });
    rooms.push(room);
    if (i === 0) await h.waitFor(() => (room.player.counters.recordPuts ?? 0) > 0, 10_000, 'first record');
  }
  const cells = ['r0', 'r0', 'r1'];
  await h.waitFor(() => rooms.every((r, i) => r.info().cell === cells[i]), 30_000, 'split');
  return { h, rooms, where };
}

describe('a zone of quadtree groups as a ZoneRoom', () => {
  it('players far apart are in different groups, exchange no round messages, and see each other through observation', async () => {
    const { h, rooms } = await threeSplit(11);
    const ids = [0, 1, 2].map((i) => h.players[i]!.id);
    const [a, , c] = rooms as [Room, Room, Room];
    expect(a.info().groups.groupId).not.toBe(c.info().groups.groupId);
    expect(c.info().members.map((m) => m.id)).toEqual([ids[2]]);
    // Round messages between r0 and r1 stop with the split.
    await h.run(1000);
    const before = [a.info().groups.roundMessagesFrom[ids[2]!] ?? 0, c.info().groups.roundMessagesFrom[ids[0]!] ?? 0];
    await h.run(3000);
    expect(a.info().groups.roundMessagesFrom[ids[2]!] ?? 0).toBe(before[0]);
    expect(c.info().groups.roundMessagesFrom[ids[0]!] ?? 0).toBe(before[1]);
    expect(a.info().groups.roundMessagesFrom[ids[1]!] ?? 0).toBeGreaterThan(0);
    // The camera over the whole zone: c observes r0 and shows its players beside its own.
    c.setInterest({ x: 0, y: 0, width: 2048, height: 1024 });
    await h.waitFor(
      () => Object.keys((c.stateAt(['players']) ?? {}) as object).length === 3,
      10_000,
      'c sees all three',
    );
    expect(c.info().observedCells).toContain('r0');
    expect(c.info().groups.leaves.map((l) => l.name)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect((c.stateAt(['players']) as Record<string, unknown>)[ids[0]!]).toEqual(SPOTS[0]);
    // Without a view nothing is observed.
    c.setInterest(undefined);
    await h.waitFor(() => c.info().observedCells.length === 0, 5000, 'c observes nothing');
    expect(Object.keys(c.stateAt(['players']) as object)).toEqual([ids[2]]);
    h.stop();
  });

  it('a player walking across a border changes group, and one watching it never loses sight of it', async () => {
    const { h, rooms, where } = await threeSplit(12);
    const walkerId = h.players[1]!.id;
    const [, walker, watcher] = rooms as [Room, Room, Room];
    watcher.setInterest({ x: 0, y: 0, width: 2048, height: 1024 });
    await h.waitFor(() => watcher.info().observedCells.includes('r0'), 10_000, 'watcher observes r0');
    await h.waitFor(
      () => (watcher.stateAt(['players']) as Record<string, unknown>)[walkerId] !== undefined,
      10_000,
      'watcher sees the walker',
    );
    const firstGroup = walker.info().groupId;
    let rounds = 0;
    const off = walker.onApplied(() => rounds++);
    let lastRound = Number.NEGATIVE_INFINITY;
    const offRounds = walker.onApplied((r) => {
      expect(r, 'the game rounds only go up across groups').toBeGreaterThan(lastRound);
      lastRound = r;
    });
    // 200 units a second towards x = 1300 (r1 starts at 1024; the border margin is 32).
    for (let t = 0; t < 30_000 && walker.info().cell !== 'r1'; t += 100) {
      const p = where[1]!;
      if (p.x < 1300) {
        p.x += 20;
        walker.room.send('at', { ...p });
      }
      await h.run(100);
      const seen = (watcher.stateAt(['players']) as Record<string, { x: number }>)[walkerId];
      expect(seen, 'the watcher sees the walker at every step').toBeDefined();
    }
    off();
    offRounds();
    expect(walker.info().cell).toBe('r1');
    expect(walker.info().groupId).not.toBe(firstGroup);
    expect(rounds).toBeGreaterThan(0);
    await h.waitFor(
      () => (walker.room.state.players[walkerId]?.x ?? 0) >= 1300,
      10_000,
      'the walker is in its new group',
    );
    for (let t = 0; t < 3000; t += 100) {
      await h.run(100);
      expect((watcher.stateAt(['players']) as Record<string, unknown>)[walkerId]).toBeDefined();
    }
    h.stop();
  });

  it('a bad groups option is refused with its name', async () => {
    const h = await ZoneHarness.create({ players: 1, seed: 13 });
    const p = h.players[0]!;
    const r = await joinZoneGroups(p.ctx, { zone: ZONE, room: PlaceRoom, groups: { maxGroup: 1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('groups.maxGroup');
    h.stop();
  });
});
