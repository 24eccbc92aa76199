import { describe, expect, it } from 'vitest';
import type { ZoneDef } from '../zone/types';
import type { PlayedEvent } from './broadcast';
import { GroupsHarness } from './testing/harness';

const ZONE: ZoneDef = { name: 'meadow', bounds: { x: 0, y: 0, width: 2048, height: 2048 } };

describe('zone events', () => {
  it('a bell rung in one group reaches every group of the zone through the quadtree and plays at the same round', async () => {
    const g = await GroupsHarness.create({ players: 7, seed: 31 });
    // Four players in the four quarters of r0, one in each other quarter: r and r0 split.
    const spots = [
      { x: 200, y: 200 },
      { x: 800, y: 200 },
      { x: 200, y: 800 },
      { x: 800, y: 800 },
      { x: 1500, y: 300 },
      { x: 300, y: 1500 },
      { x: 1500, y: 1500 },
    ];
    const cells = ['r00', 'r01', 'r02', 'r03', 'r1', 'r2', 'r3'];
    const all = [0, 1, 2, 3, 4, 5, 6];
    await g.joinAll(all, ZONE, (i) => spots[i]!, { maxGroup: 3, minGroup: 1, holdMs: 300 });
    await g.h.waitFor(() => all.every((i) => g.player(i).current?.cell === cells[i]), 60_000, 'seven leaves');
    // Records of the new leaves are signed and stored.
    await g.h.run(3000);
    const heard = new Map<number, PlayedEvent>();
    for (const i of all) g.player(i).onZoneEvent((e) => heard.set(i, e));
    g.player(6).raiseEvent('bell', new Uint8Array([1]), 2000);
    await g.h.waitFor(() => heard.size === all.length, 15_000, 'every group played the bell');
    const events = [...heard.values()];
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    expect(events.every((e) => e.kind === 'bell' && e.origin === 'r3')).toBe(true);
    // Every group played it in its round holding the bell's time: the first round starting at or
    // after it. Groups on the same round length played it in the very same round.
    const at = events[0]!.at;
    const byR = new Map<number, Set<number>>();
    for (const [i, e] of heard) {
      const r = g.player(i).current!.epochAt(e.round)!.roundMs;
      expect(e.time).toBeGreaterThanOrEqual(at);
      expect(e.time).toBeLessThan(at + r);
      byR.set(r, (byR.get(r) ?? new Set()).add(e.time));
    }
    for (const times of byR.values()) expect(times.size).toBe(1);
    // It went down the tree: r3's leader reached r0 (through r00's leader), r1 and r2.
    const carried = all.reduce((n, i) => n + (g.player(i).counters.eventsCarried ?? 0), 0);
    expect(carried).toBe(6);
    g.stop();
  }, 120_000);

  it('a bell reaches a group five levels down in time: one record read per subtree, not a walk down at every hop', async () => {
    // 100 ms between peers: a DHT read takes a few hundred ms, as on the internet.
    const g = await GroupsHarness.create({ players: 4, seed: 51, latencyMs: 100 });
    // Three players in one corner, the third 60 units from the other two: with maxGroup 2 their
    // cell splits until it is apart, five levels down (r00000 and r00001); the fourth alone in r3.
    const spots = [
      { x: 10, y: 10 },
      { x: 14, y: 10 },
      { x: 70, y: 10 },
      { x: 1500, y: 1500 },
    ];
    const cells = ['r00000', 'r00000', 'r00001', 'r3'];
    const all = [0, 1, 2, 3];
    const rule = { maxGroup: 2, minGroup: 1, holdMs: 300 };
    await g.joinAll([0, 1, 2], ZONE, (i) => spots[i]!, rule);
    await g.h.waitFor(() => [0, 1, 2].every((i) => g.player(i).current?.cell === cells[i]), 90_000, 'five levels');
    await g.joinAll([3], ZONE, (i) => spots[i]!, rule);
    await g.h.waitFor(() => g.player(3).current?.cell === 'r3', 30_000, 'r3');
    await g.h.run(3000);
    const heard = new Map<number, PlayedEvent>();
    for (const i of all) g.player(i).onZoneEvent((e) => heard.set(i, e));
    // 1.8 s ahead: the carry to r00001 takes about 1.1 s (a read of r0 names r0's splitters, in
    // r00000, which read r00001: two reads). Walking down to r0's first leaf at the first hop
    // (five reads) took 1.9 s: both deep groups played it late.
    g.player(3).raiseEvent('bell', new Uint8Array([3]), 1800);
    await g.h.waitFor(() => heard.size === 4, 20_000, 'every group played the bell');
    const events = [...heard.values()];
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    // Every group played it in the round holding its time, the deep ones too.
    for (const [i, e] of heard) {
      expect(e.time).toBeGreaterThanOrEqual(e.at);
      expect(e.time).toBeLessThan(e.at + g.player(i).current!.epochAt(e.round)!.roundMs);
    }
    // r1 and r2 are empty (no record): r3's carrier sent one message, to a player in r0.
    expect(g.player(3).counters.eventsCarried).toBe(1);
    g.stop();
  }, 240_000);

  it('a group founded after the bell was carried gets it from its founder and plays it at the same round', async () => {
    const g = await GroupsHarness.create({ players: 3, seed: 41 });
    const spots = [
      { x: 300, y: 300 },
      { x: 400, y: 300 },
      { x: 1700, y: 300 },
    ];
    await g.joinAll([0, 1, 2], ZONE, (i) => spots[i]!, { maxGroup: 2, minGroup: 1, holdMs: 300, maxSpeed: 400 });
    const expected = ['r0', 'r0', 'r1'];
    await g.h.waitFor(() => [0, 1, 2].every((i) => g.player(i).current?.cell === expected[i]), 30_000, 'split');
    await g.h.run(3000);
    const heard = new Map<number, PlayedEvent>();
    for (const i of [0, 1, 2]) g.player(i).onZoneEvent((e) => heard.set(i, e));
    g.player(0).raiseEvent('bell', new Uint8Array([2]), 9000);
    // The bell is carried to the groups of now: r1 (r2 and r3 are empty).
    await g.h.waitFor(() => Object.keys(g.player(2).current!.state.events).length === 1, 5000, 'r1 got the bell');
    // Then player 1 walks into the empty r2: it founds the group there, after the carry.
    const walker = g.player(1);
    const stop = walker.onApplied((m) => {
      if (m === walker.current) walker.move({ x: 400, y: 1300 });
    });
    await g.h.waitFor(() => walker.current?.cell === 'r2', 8000, 'walker founded r2');
    stop();
    expect(walker.counters.founded).toBe(1);
    await g.h.waitFor(() => heard.size === 3, 10_000, 'every group played the bell');
    const events = [...heard.values()];
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    // The same round start everywhere: the round holding the bell's time.
    expect(new Set(events.map((e) => e.time)).size).toBe(1);
    expect(events[0]!.time).toBeGreaterThanOrEqual(events[0]!.at);
    expect(events[0]!.time).toBeLessThan(events[0]!.at + 50);
    expect(walker.counters.eventsBridged ?? 0).toBeGreaterThan(0);
    g.stop();
  }, 120_000);
});
