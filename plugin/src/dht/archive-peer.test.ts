/**
 * The authority's node is a bootstrap and an archive, not a routing contact: players join
 * through it and send it the archive copy of their permanent records, and nothing else of
 * theirs reaches it, so its load does not grow with the DHT traffic of the game.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../util/result';
import { compareDistance, keyHex, recordKey } from './ids';
import { areaKey } from './records/area';
import type { DhtRecord } from './records/record';
import { DhtHarness, type HarnessNode, randomSeed } from './testing/harness';
import { areaBatch, areaRecordOf, banRecordOf, certRecordOf, item, sortedGroup } from './testing/records';

const PLAYERS = 36;
const HOUR = 3600_000;

type Handled = ReturnType<HarnessNode['node']['counters']>['handled'];

/** Requests `node` answered since `before`, per type. */
function since(node: HarnessNode, before: Handled): Handled {
  const now = node.node.counters().handled;
  return {
    ping: now.ping - before.ping,
    findNode: now.findNode - before.findNode,
    findValue: now.findValue - before.findValue,
    store: now.store - before.store,
  };
}

describe(`${PLAYERS} players joined through the authority's node`, () => {
  let h: DhtHarness;
  let authority: HarnessNode;
  let players: HarnessNode[];

  beforeAll(async () => {
    h = await DhtHarness.create({ seed: 5, node: { scheduler: 'external' } });
    authority = h.addNode(undefined, { archive: true });
    players = Array.from({ length: PLAYERS }, () => h.addNode(undefined, { archivePeers: [authority.node.id] }));
    expect(await h.joinAll(players, authority)).toBe(0);
  });

  it('each joined through it with one ping and one request, and none keeps it in its routing table', async () => {
    expect(authority.node.counters().handled).toEqual({ ping: PLAYERS, findNode: PLAYERS, findValue: 0, store: 0 });
    for (const p of players) {
      expect(p.node.routing.has(authority.node.id)).toBe(false);
      expect(p.node.routing.size).toBeGreaterThan(0);
    }
    // The neighbourhood of its id is held by players: a lookup there finds the k closest players.
    const from = players[3]!.node;
    const r = await h.driver.settle(from.findNode(authority.node.nodeId).result);
    if (!r.ok) throw r.error;
    const want = players
      .map((p) => p.node)
      .filter((n) => n !== from)
      .sort((a, b) => compareDistance(a.nodeId, b.nodeId, authority.node.nodeId))
      .slice(0, from.config.k);
    expect(r.value.closest.map((c) => c.id)).toEqual(want.map((n) => n.id));
  });

  it('an hour and a quarter of lookups, reads, writes and maintenance sends it only the archive copies of permanent records', async () => {
    const before = authority.node.counters().handled;
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => h.player(`Player${i}`)));
    const permanent: DhtRecord[] = people.map(certRecordOf);
    for (let i = 0; i < 3; i++) permanent.push(await banRecordOf(h, `${'cd'.repeat(15)}${i}${i}`));
    const group = sortedGroup(people.slice(0, 3));
    const now = Math.floor(h.clock.now());
    const ephemeral: DhtRecord[] = [];
    for (let i = 0; i < 2; i++) {
      const key = areaKey('meadow', `${i}`);
      const batch = await areaBatch(key, 1, [item(`i${i}`, group[0]!.id, now, { decaysAt: now + 24 * HOUR })], group);
      ephemeral.push(areaRecordOf(key, [batch]));
    }
    const all = [...permanent, ...ephemeral];
    const outcomes: Promise<Result<unknown, unknown>>[] = [];
    const at = (ms: number, run: () => Promise<Result<unknown, unknown>>): void => {
      h.clock.setTimeout(() => outcomes.push(run()), ms);
    };
    // Writes in the first ten minutes, then a read and a lookup every minute, from random players.
    all.forEach((record, i) => {
      at(i * 40_000, () => players[(i * 7) % PLAYERS]!.node.put(record).result);
    });
    for (let m = 10; m < 75; m++) {
      const record = all[m % all.length]!;
      at(m * 60_000, () => players[h.rng.int(PLAYERS)]!.node.get(record.key).result);
      at(m * 60_000 + 30_000, () => players[h.rng.int(PLAYERS)]!.node.findNode(randomSeed(h.rng)).result);
    }
    await h.runMaintenance(1.25 * HOUR);
    const results = await Promise.all(outcomes);
    expect(results.length).toBe(all.length + 2 * 65);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : String((r.error as Error).message)))).toEqual([]);
    // The publishers republished every record after an hour (buckets were refreshed too)...
    const republished = players.reduce((n, p) => n + p.node.counters().republished, 0);
    expect(republished).toBeGreaterThanOrEqual(all.length);
    expect(players.reduce((n, p) => n + p.node.counters().refreshed, 0)).toBeGreaterThan(0);
    // ...yet the authority's node got only the archive copy of each permanent record at its put
    // and at its publisher's republish, and holds nothing else.
    expect(since(authority, before)).toEqual({ ping: 0, findNode: 0, findValue: 0, store: 2 * permanent.length });
    for (const record of permanent) expect(authority.node.store.get(keyHex(recordKey(record.key)))).toBeDefined();
    expect(authority.node.store.size).toBe(permanent.length);
    for (const p of players) expect(p.node.routing.has(authority.node.id)).toBe(false);
  }, 60_000);
});

describe('the first player, alone with the authority', () => {
  it('reads and writes through the authority until someone else joins, then only with players', async () => {
    const h = await DhtHarness.create({ seed: 9, latency: 20 });
    const authority = h.addNode(undefined, { archive: true });
    const [first, second] = [0, 1].map(() => h.addNode(undefined, { archivePeers: [authority.node.id] }));
    const joined = await h.join(first!, authority);
    expect(joined.ok && joined.value.contacts).toBe(0);
    const alice = certRecordOf(await h.player('Alice'));
    const put = await h.driver.settle(first!.node.put(alice).result);
    expect(put.ok && put.value.stored).toBe(2); // its own copy and the archive's
    const read = await h.driver.settle(first!.node.get(alice.key).result);
    expect(read.ok && read.value.record).toEqual(alice);
    expect(first!.node.counters().rejoins).toBe(0);

    expect((await h.join(second!, authority)).ok).toBe(true);
    expect(second!.node.routing.has(first!.node.id)).toBe(true);
    expect(first!.node.routing.has(second!.node.id)).toBe(true);
    const before = authority.node.counters().handled;
    const bob = certRecordOf(await h.player('Bob'));
    expect((await h.driver.settle(second!.node.put(bob).result)).ok).toBe(true);
    const found = await h.driver.settle(first!.node.get(bob.key).result);
    expect(found.ok && found.value.record).toEqual(bob);
    expect(since(authority, before)).toEqual({ ping: 0, findNode: 0, findValue: 0, store: 1 });
    for (const n of [first!, second!]) expect(n.node.routing.has(authority.node.id)).toBe(false);
  });
});

describe('the certificates the authority issues', () => {
  it('are kept by its node as archive, not republished by it while their owner republishes them', async () => {
    const h = await DhtHarness.create({ seed: 12, node: { scheduler: 'external' } });
    const authority = h.addNode(undefined, { archive: true });
    const players = Array.from({ length: 30 }, () => h.addNode(undefined, { archivePeers: [authority.node.id] }));
    expect(await h.joinAll(players, authority)).toBe(0);
    const alice = certRecordOf(await h.player('Alice'));
    // Issued: the authority stores it at once; then the owner joins and publishes it itself.
    expect((await h.driver.settle(authority.node.put(alice, { republish: false }).result)).ok).toBe(true);
    expect((await h.driver.settle(players[4]!.node.put(alice).result)).ok).toBe(true);
    await h.runMaintenance(3 * HOUR);
    // The owner republished it every hour, each time to the archive too, so the archive's own
    // republish never came due; without `republish: false` its node would republish it hourly.
    expect(players[4]!.node.counters().republished).toBeGreaterThanOrEqual(2);
    expect(authority.node.counters().republished).toBe(0);
    expect(authority.node.store.get(keyHex(recordKey(alice.key)))?.archived).toBe(true);
    const read = await h.driver.settle(players[20]!.node.get(alice.key).result);
    expect(read.ok && read.value.record).toEqual(alice);
  });
});
