import { describe, expect, it } from 'vitest';
import { GROUP_FRESH_MS } from '../dht/records/validators/group';
import { equivocate } from '../neo/testing/adversaries';
import { RoomStatus } from '../room/connection';
import { toHex } from '../util/bytes';
import { readGroupRecord } from './discovery';
import { TEST_ZONE, TestRoom } from './fixtures';
import { ZoneHarness as Harness, type ZoneHarness, type ZonePlayer } from './testing';
import type { ZoneRoomImpl } from './zone-room';

const impl = (p: ZonePlayer) => p.room as unknown as ZoneRoomImpl<object, unknown>;
const applied = (p: ZonePlayer) => p.room?.info().appliedRound ?? -1;
const members = (p: ZonePlayer) => p.room?.info().members.map((m) => m.id) ?? [];
const state = (p: ZonePlayer) => p.room!.room.state as { players: Record<string, { x: number; y: number }> };

/** Hex of each player's combined state hash after the newest round all of them still hold. */
function hashesAtCommonRound(players: readonly ZonePlayer[]): { round: number; hashes: string[] } {
  const round = Math.min(...players.map(applied)) - 1;
  return { round, hashes: players.map((p) => toHex(impl(p).hashAfter(round) ?? new Uint8Array())) };
}

async function threePlayers(seed: number): Promise<ZoneHarness> {
  const h = await Harness.create({ players: 3, seed });
  for (let i = 0; i < 3; i++) {
    const r = await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom }));
    expect(r.ok).toBe(true);
    if (i === 0) await h.run(1000);
  }
  await h.waitFor(() => h.players.every((p) => members(p).length === 3), 20_000, 'three members');
  return h;
}

describe('joinZone: founding and joining', () => {
  it('the first player founds, the next two join, and all reach the same state at the same round', async () => {
    const h = await Harness.create({ players: 3, seed: 1 });
    const steps: string[] = [];
    const first = await h.settle(h.join(0, { zone: TEST_ZONE, room: TestRoom, onProgress: (s) => steps.push(s) }));
    expect(first.ok).toBe(true);
    expect(steps).toEqual(['group', 'first-round']);
    expect(first.ok && first.value.status).toBe(RoomStatus.Joined);
    expect(h.players[0]!.room!.info().counters.founded).toBe(1);
    // Its group record is signed and published within a few rounds.
    await h.waitFor(() => (h.players[0]!.room!.info().counters.groupPuts ?? 0) > 0, 2000, 'group record');
    for (const i of [1, 2]) {
      const r = await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom }));
      expect(r.ok).toBe(true);
      expect(h.players[i]!.room!.info().counters.joins).toBe(1);
    }
    await h.waitFor(() => h.players.every((p) => members(p).length === 3), 20_000, 'three members');
    await h.run(1000);
    const { round, hashes } = hashesAtCommonRound(h.players);
    expect(round).toBeGreaterThan(0);
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).not.toBe('');
    // Every player's game state holds all three avatars (onJoin ran for each, the founder too).
    for (const p of h.players) expect(Object.keys(state(p).players).sort()).toEqual(h.players.map((x) => x.id).sort());
    const info = h.players[1]!.room!.info();
    expect(info.groupId).toMatch(new RegExp(`^${h.players[0]!.id}\\.\\d+$`));
    expect(info.members.filter((m) => m.leader)).toHaveLength(1);
    expect(info.members.find((m) => m.id === h.players[0]!.id)?.rttMs).toBe(40);
    expect(info.loss).toBeLessThan(0.05);
    h.stop();
  });

  it('inputs sent through the handle move the avatar identically everywhere', async () => {
    const h = await threePlayers(2);
    const mover = h.players[2]!;
    const room = mover.room!.room as unknown as { send(t: 'move', p: { dx: number; dy: number }): boolean };
    let sampled = 0;
    mover.room!.onBeforeInput(() => {
      if (sampled++ < 5) room.send('move', { dx: 2, dy: -1 });
    });
    await h.run(1500);
    for (const p of h.players) expect(state(p).players[mover.id]).toEqual({ x: 10, y: -5 });
    expect(new Set(hashesAtCommonRound(h.players).hashes).size).toBe(1);
    h.stop();
  });

  it('a member that crashes is removed and the others keep deciding rounds', async () => {
    const h = await threePlayers(3);
    const [a, b] = h.players;
    h.crash(2);
    const before = applied(a!);
    await h.run(2000);
    // A majority (2 of 3) is still there: rounds go on without waiting for the crashed one.
    expect(applied(a!)).toBeGreaterThan(before + 30);
    await h.waitFor(() => members(a!).length === 2 && members(b!).length === 2, 15_000, 'crashed member removed');
    expect(members(a!)).not.toContain(h.players[2]!.id);
    await h.run(500);
    expect(Object.keys(state(a!).players)).not.toContain(h.players[2]!.id);
    expect(new Set(hashesAtCommonRound([a!, b!]).hashes).size).toBe(1);
    h.stop();
  });

  it('leave() resolves once out, is idempotent, and the others see the player go', async () => {
    const h = await threePlayers(4);
    const leaver = h.players[1]!;
    const room = leaver.room!;
    const p1 = room.leave();
    const p2 = room.leave();
    let out = false;
    void p1.then(() => {
      out = true;
    });
    await h.settle(Promise.all([p1, p2]), 20_000);
    expect(out).toBe(true);
    expect(room.status).toBe(RoomStatus.Left);
    await room.leave();
    expect(() =>
      (room.room as unknown as { send(t: string, p: unknown): void }).send('move', { dx: 1, dy: 0 }),
    ).toThrow();
    await h.waitFor(() => members(h.players[0]!).length === 2, 10_000, 'leaver removed');
    await h.run(300);
    expect(Object.keys(state(h.players[0]!).players)).not.toContain(leaver.id);
    // The same identity comes back with rejoin(): discovery again, the room reopens.
    const back = await h.settle(room.room.rejoin(), 20_000);
    expect(back.ok).toBe(true);
    expect(room.status).toBe(RoomStatus.Joined);
    await h.waitFor(() => h.players.every((p) => members(p).length === 3), 10_000, 'rejoined');
    // Alone, leave() stops at once.
    const alone = await Harness.create({ players: 1, seed: 5 });
    const r = await alone.settle(alone.join(0, { zone: TEST_ZONE, room: TestRoom }));
    expect(r.ok).toBe(true);
    const t0 = alone.clock.now();
    await alone.settle(alone.players[0]!.room!.leave());
    expect(alone.clock.now() - t0).toBeLessThan(50);
    expect(alone.players[0]!.room!.status).toBe(RoomStatus.Left);
    h.stop();
    alone.stop();
  });
});

describe('joinZone: cut off', () => {
  it('a member cut off by a partition notices, goes on alone, and is back in the group once it heals', async () => {
    const h = await threePlayers(8);
    const [a, , c] = h.players;
    const statuses: string[] = [];
    c!.room!.room.onStatus((s) => statuses.push(s));
    h.net.partition([c!.id]);
    await h.waitFor(() => members(a!).length === 2, 15_000, 'removed by the majority');
    // Nobody tells a removed member: it notices that it applies no round, and looks again.
    await h.waitFor(() => statuses.includes(RoomStatus.Dropped), 15_000, 'dropped');
    await h.waitFor(() => c!.room!.status === RoomStatus.Joined, 30_000, 'alone again');
    expect(c!.room!.info().groupId).not.toBe(a!.room!.info().groupId);
    h.net.heal();
    await h.waitFor(
      () => members(c!).length === 3 && c!.room!.info().groupId === a!.room!.info().groupId,
      30_000,
      'back in the group',
    );
    expect(c!.room!.info().counters.stalls).toBe(1);
    h.stop();
  });
});

describe('joinZone: stale records', () => {
  it('a record naming only crashed players: the newcomer founds, and its record outranks the dead one', async () => {
    const h = await Harness.create({ players: 4, seed: 7 });
    for (const i of [0, 1]) {
      expect((await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom }))).ok).toBe(true);
      if (i === 0) await h.run(1000);
    }
    await h.waitFor(() => members(h.players[0]!).length === 2, 10_000, 'two members');
    await h.run(2000);
    h.crash(0);
    h.crash(1);
    const newcomer = h.players[2]!;
    const r = await h.settle(h.join(2, { zone: TEST_ZONE, room: TestRoom, discoveryTimeoutMs: 1000 }));
    expect(r.ok).toBe(true);
    expect(newcomer.room!.info().counters.founded).toBe(1);
    await h.waitFor(() => (newcomer.room!.info().counters.groupPuts ?? 0) > 0, 5000, 'record put');
    // The dead group's record keeps the key while it is fresh (a group of one cannot push out a
    // group of two that re-signs its record); once it is not, long before it expires, the
    // newcomer's leader outranks it and a fourth player finds the new group.
    let holder: string | undefined;
    const read = async (): Promise<void> => {
      holder = (await readGroupRecord(newcomer.ctx, TEST_ZONE.name, 'r', 2000))?.groupId;
    };
    const deadline = h.clock.now() + GROUP_FRESH_MS + 15_000;
    while (holder !== newcomer.room!.info().groupId && h.clock.now() < deadline) {
      await h.settle(read());
      await h.run(2000);
    }
    expect(holder).toBe(newcomer.room!.info().groupId);
    const last = await h.settle(h.join(3, { zone: TEST_ZONE, room: TestRoom, discoveryTimeoutMs: 1000 }));
    expect(last.ok).toBe(true);
    await h.waitFor(() => members(h.players[3]!).length === 2, 10_000, 'joined the new group');
    expect(h.players[3]!.room!.info().groupId).toBe(newcomer.room!.info().groupId);
    h.stop();
  });
});

describe('joinZone: proofs and bans', () => {
  it('an equivocating member is proven, reported, banned by the authority and removed by the others', async () => {
    const h = await Harness.create({ players: 3, seed: 6 });
    let cheat = false;
    for (let i = 0; i < 3; i++) {
      const testHooks =
        i === 2 ? equivocate({ rounds: () => cheat, second: (to) => to === h.players[1]!.id }) : undefined;
      const r = await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom, testHooks }));
      expect(r.ok).toBe(true);
      if (i === 0) await h.run(1000);
    }
    await h.waitFor(() => h.players.every((p) => members(p).length === 3), 20_000, 'three members');
    const cheater = h.players[2]!.id;
    cheat = true;
    await h.waitFor(() => h.bans.has(cheater), 10_000, 'ban');
    const reporters = h.players.filter((p) => p.reported.some((x) => x.cheater === cheater));
    expect(reporters.length).toBeGreaterThan(0);
    expect(h.refusedProofs).toEqual([]);
    const honest = h.players.slice(0, 2);
    await h.waitFor(() => honest.every((p) => !members(p).includes(cheater)), 15_000, 'cheater removed');
    const before = applied(honest[0]!);
    await h.run(1000);
    expect(applied(honest[0]!)).toBeGreaterThan(before + 15);
    expect(new Set(hashesAtCommonRound(honest).hashes).size).toBe(1);
    // The banned player cannot come back.
    const again = await h.settle(h.join(2, { zone: TEST_ZONE, room: TestRoom }));
    expect(!again.ok && again.error.code).toBe('banned');
    h.stop();
  });
});
