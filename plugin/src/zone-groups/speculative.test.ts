/**
 * In a zone of quadtree groups, a player sees a leaf-mate's move in the merged speculative view
 * (`speculativeStateAt`) before the round that carries it is decided (the leaf's revealed inputs
 * reach its game room through the cell composite), and the decided view catches up to the same.
 */
import { describe, expect, it } from 'vitest';
import { ZoneHarness } from '../zone/testing';
import { joinAt, type PlaceZoneRoom as Room } from './test-fixtures';

type Players = Record<string, { x: number; y: number }>;

describe('quadtree groups speculative view', () => {
  it("shows a's move at b before b decides it (c's key comes late), then decides the same", async () => {
    const h = await ZoneHarness.create({ players: 3, seed: 21 });
    const rooms: Room[] = [];
    for (const i of [0, 1, 2]) {
      const room = await joinAt(h, i, { x: 300 + 20 * i, y: 300 });
      rooms.push(room);
      if (i === 0) await h.waitFor(() => (room.player.counters.recordPuts ?? 0) > 0, 10_000, 'first record');
    }
    const [a, b] = rooms as [Room, Room, Room];
    const [ida, , idc] = [0, 1, 2].map((i) => h.players[i]!.id) as [string, string, string];
    await h.waitFor(() => rooms.every((r) => r.info().members.length === 3), 30_000, 'one leaf of three');
    await h.waitFor(
      () => Object.keys(b.stateAt(['players']) as Players).length === 3,
      10_000,
      'b sees all three decided',
    );
    // b decides a round only once c's key is in too; a's key reaches b sooner.
    h.net.setLinkLatency(idc, h.players[1]!.id, 120);
    await h.run(3000);
    const xOf = (v: unknown): number | undefined => (v as Players | undefined)?.[ida]?.x;
    expect(a.room.send('at', { x: 777, y: 300 })).toBe(true);
    let shownFirst = false;
    for (let t = 0; t < 3000 && xOf(b.stateAt(['players'])) !== 777; t += 5) {
      await h.run(5);
      if (xOf(b.speculativeStateAt(['players'])) === 777 && xOf(b.stateAt(['players'])) !== 777) shownFirst = true;
    }
    expect(xOf(b.stateAt(['players']))).toBe(777);
    expect(shownFirst).toBe(true);
    expect(xOf(b.speculativeStateAt(['players']))).toBe(777);
    // The merged view keeps everyone, and its round is on the game's timeline, ahead of or at the decided one.
    expect(Object.keys(b.speculativeStateAt(['players']) as Players).sort()).toEqual(
      Object.keys(b.stateAt(['players']) as Players).sort(),
    );
    expect(b.speculativeRound).toBeGreaterThanOrEqual(b.info().appliedRound ?? Number.POSITIVE_INFINITY);
    expect(b.room.speculationStats().confirmed).toBeGreaterThan(0);
    h.stop();
  }, 90_000);
});
