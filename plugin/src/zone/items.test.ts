import { describe, expect, it } from 'vitest';
import { AREA_PURPOSE, areaItems, areaKey, areaWriteDigest } from '../dht/records/area';
import { verifyQuorumCertificate } from '../dht/records/quorum-cert';
import type { VerifiedArea } from '../dht/records/validators/area';
import type { PeerId } from '../transport/transport';
import { TEST_ZONE, TestRoom } from './fixtures';
import { ZoneHarness, type ZonePlayer } from './testing';
import type { Item } from './types';

const members = (p: ZonePlayer) => p.room?.info().members.length ?? 0;

async function group(h: ZoneHarness, indices: readonly number[]): Promise<void> {
  for (const i of indices) {
    const r = await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom }));
    expect(r.ok).toBe(true);
    if (i === indices[0]) await h.run(1000);
  }
  await h.waitFor(() => indices.every((i) => members(h.players[i]!) === indices.length), 20_000, 'group formed');
}

describe('zone items', () => {
  it('a drop is seen by all; of two pickUps in one round exactly one wins, the same at every member', async () => {
    const h = await ZoneHarness.create({ players: 3, seed: 21 });
    await group(h, [0, 1, 2]);
    const seen = h.players.map(() => [] as Item[]);
    const picks = h.players.map(() => [] as [string, PeerId][]);
    const removed = h.players.map(() => [] as string[]);
    h.players.forEach((p, i) => {
      p.room!.items.on('dropped', (item) => seen[i]!.push(item));
      p.room!.items.on('picked', (item, by) => picks[i]!.push([item.id, by]));
      p.room!.items.on('removed', (item) => removed[i]!.push(item.id));
    });
    h.players[0]!.room!.items.drop('sword', 700, 100);
    await h.waitFor(() => seen.every((s) => s.length === 1), 5000, 'drop seen');
    const item = seen[0]![0]!;
    expect(item).toMatchObject({ kind: 'sword', x: 700, y: 100, by: h.players[0]!.id, cell: 'c1_0' });
    for (const s of seen) expect(s[0]).toEqual(item);
    for (const p of h.players) expect(p.room!.items.list()).toEqual([item]);
    expect(h.players[2]!.room!.items.inRect({ x: 600, y: 0, width: 10, height: 10 })).toEqual([item]);
    expect(h.players[2]!.room!.items.inRect({ x: 0, y: 600, width: 10, height: 10 })).toEqual([]);
    // Both grab it at the same moment: both requests land in the same round, where the first in
    // member order (ids ascending) wins, whoever asked first locally.
    const [first, second] = [h.players[1]!, h.players[2]!].sort((x, y) => (x.id < y.id ? -1 : 1));
    second!.room!.items.pickUp(item.id);
    first!.room!.items.pickUp(item.id);
    await h.waitFor(() => picks.every((p) => p.length > 0), 5000, 'picked');
    await h.run(500);
    const winner = first!.id;
    for (let i = 0; i < 3; i++) {
      expect(picks[i]).toEqual([[item.id, winner]]);
      expect(removed[i]).toEqual([item.id]);
      expect(h.players[i]!.room!.items.list()).toEqual([]);
    }
    h.stop();
  });

  it('items go into DHT area records with a valid quorum certificate, and a later founder loads them', async () => {
    const h = await ZoneHarness.create({ players: 4, seed: 22 });
    await group(h, [0, 1, 2]);
    const [a, b] = h.players;
    a!.room!.items.drop('gem', 100, 100);
    b!.room!.items.drop('apple', 900, 900);
    b!.room!.items.drop('stone', 120, 80);
    await h.waitFor(() => a!.room!.items.list().length === 3, 5000, 'drops');
    const stone = a!.room!.items.list().find((i) => i.kind === 'stone')!;
    a!.room!.items.pickUp(stone.id);
    await h.waitFor(() => a!.room!.items.list().length === 2, 5000, 'pick');
    await h.waitFor(
      () => (a!.room!.info().counters.areaPuts ?? 0) + (b!.room!.info().counters.areaPuts ?? 0) >= 2,
      10_000,
      'area puts',
    );
    await h.run(2000);
    // Read back from another node: the DHT validated it; check the certificate ourselves too.
    const reader = h.players[3]!;
    const got = await h.settle(reader.dht.get(areaKey(TEST_ZONE.name, 'c0_0')).result);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const batches = (got.value.valid.parsed as VerifiedArea).batches;
    const live = areaItems(batches, h.clock.now());
    expect(live.map((e) => e.kind)).toEqual(['gem']);
    const newest = batches.reduce((x, y) => (y.seq > x.seq ? y : x));
    expect(newest.entries.find((e) => e.id === stone.id)?.removed).toBe(true);
    const digest = areaWriteDigest(areaKey(TEST_ZONE.name, 'c0_0'), newest.seq, newest.entries);
    const qc = await h.settle(
      verifyQuorumCertificate(h.dht.ed, h.dht.authority.publicKey, newest.qc, AREA_PURPOSE, digest),
    );
    expect(qc.ok).toBe(true);
    expect(newest.qc.members).toEqual([h.players[0]!.id, h.players[1]!.id, h.players[2]!.id].sort());
    expect(newest.qc.votes.length).toBeGreaterThanOrEqual(2);
    // Everyone leaves; the group's record expires; a new player founds and sees the items again.
    await h.settle(Promise.all([0, 1, 2].map((i) => h.players[i]!.room!.leave())), 30_000);
    await h.run(61_000);
    const late = await h.settle(h.join(3, { zone: TEST_ZONE, room: TestRoom }));
    expect(late.ok).toBe(true);
    expect(reader.room!.info().counters.founded).toBe(1);
    await h.waitFor(() => reader.room!.items.list().length === 2, 5000, 'items loaded');
    expect(
      reader
        .room!.items.list()
        .map((i) => i.kind)
        .sort(),
    ).toEqual(['apple', 'gem']);
    h.stop();
  });
});
