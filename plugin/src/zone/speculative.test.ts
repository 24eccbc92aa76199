/**
 * A zone's game room shows another player's move in its speculative view before the round that
 * carries it is decided (NEO's revealed inputs reach the room through the zone), and the decided
 * state catches up to the same value.
 */
import { describe, expect, it } from 'vitest';
import { TEST_ZONE, TestRoom } from './fixtures';
import { membersOf } from './test-pairs';
import { ZoneHarness } from './testing';

type Players = Record<string, { x: number; y: number }>;

describe('zone speculative view', () => {
  it("shows a's move at b before b decides it (c's key comes late), then decides the same", async () => {
    const h = await ZoneHarness.create({ players: 3, seed: 3 });
    for (const i of [0, 1, 2]) {
      expect((await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom }))).ok).toBe(true);
      if (i === 0) await h.run(1000);
    }
    const [a, b, c] = h.players as [(typeof h.players)[0], (typeof h.players)[0], (typeof h.players)[0]];
    await h.waitFor(() => h.players.every((p) => membersOf(p).length === 3), 20_000, 'three members');
    // b decides a round only once c's key is in too; a's key reaches b sooner.
    h.net.setLinkLatency(c.id, b.id, 120);
    await h.run(3000);
    const room = b.room!.room;
    const xOf = (s: unknown): number | undefined => (s as { players: Players }).players[a.id]?.x;
    const sender = a.room!.room as unknown as { send(type: string, payload: unknown): boolean };
    expect(sender.send('move', { dx: 5, dy: 0 })).toBe(true);
    let shownFirst = false;
    for (let t = 0; t < 3000 && xOf(room.state) !== 5; t += 5) {
      await h.run(5);
      if (xOf(room.speculativeState) === 5 && xOf(room.state) !== 5) shownFirst = true;
    }
    expect(xOf(room.state)).toBe(5);
    expect(shownFirst).toBe(true);
    expect(xOf(room.speculativeState)).toBe(5);
    expect(room.speculationStats().confirmed).toBeGreaterThan(0);
    h.stop();
  }, 60_000);
});
