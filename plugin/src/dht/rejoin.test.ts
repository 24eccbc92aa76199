import { describe, expect, it } from 'vitest';
import { DhtHarness } from './testing/harness';
import { certRecordOf } from './testing/records';

describe('a DHT node cut off from everyone', () => {
  it('joins again through its bootstrap peers once it is back, and reads what was stored meanwhile', async () => {
    const h = await DhtHarness.create({ seed: 7, latency: 20, config: { k: 4 } });
    const nodes = Array.from({ length: 12 }, () => h.addNode());
    expect(await h.joinAll(nodes.slice(1), nodes[0]!)).toBe(0);
    const lonely = nodes[5]!;
    h.net.partition([lonely.node.id]);
    // Its requests fail while it is cut off, and each failure drops a contact.
    for (let i = 0; i < 12 && lonely.node.routing.size > 0; i++) {
      await h.driver.settle(lonely.node.findNode(new Uint8Array(32).fill(i)).result);
    }
    expect(lonely.node.routing.size).toBe(0);
    const record = certRecordOf(await h.player('Alice'));
    expect((await h.driver.settle(nodes[1]!.node.put(record).result)).ok).toBe(true);
    h.net.heal();
    await h.driver.settle(new Promise<void>((r) => h.clock.setTimeout(() => r(), 6000)));
    const read = await h.driver.settle(lonely.node.get(record.key).result);
    expect(read.ok && read.value.record).toEqual(record);
    expect(lonely.node.counters().rejoins).toBe(1);
    expect(lonely.node.routing.size).toBeGreaterThan(0);
  });
});

describe('a player cut off from everyone, joined through the authority', () => {
  it('joins again through the authority, which it still keeps out of its routing table', async () => {
    // No maintenance timers: nothing but the rejoin may bring the cut-off player a contact back.
    const h = await DhtHarness.create({ seed: 8, latency: 20, config: { k: 4 }, node: { scheduler: 'external' } });
    const authority = h.addNode(undefined, { archive: true });
    const players = Array.from({ length: 12 }, () => h.addNode(undefined, { archivePeers: [authority.node.id] }));
    expect(await h.joinAll(players, authority)).toBe(0);
    const lonely = players[5]!;
    h.net.partition([lonely.node.id]);
    for (let i = 0; i < 12 && lonely.node.routing.size > 0; i++) {
      await h.driver.settle(lonely.node.findNode(new Uint8Array(32).fill(i)).result);
    }
    expect(lonely.node.routing.size).toBe(0);
    const record = certRecordOf(await h.player('Alice'));
    expect((await h.driver.settle(players[1]!.node.put(record).result)).ok).toBe(true);
    h.net.heal();
    await h.driver.settle(new Promise<void>((r) => h.clock.setTimeout(() => r(), 6000)));
    const before = authority.node.counters().handled;
    const read = await h.driver.settle(lonely.node.get(record.key).result);
    expect(read.ok && read.value.record).toEqual(record);
    expect(lonely.node.counters().rejoins).toBe(1);
    expect(lonely.node.routing.size).toBeGreaterThan(0);
    expect(lonely.node.routing.has(authority.node.id)).toBe(false);
    // The rejoin is all the authority saw of it: a ping and the first hop of its own lookup.
    const after = authority.node.counters().handled;
    expect([after.ping - before.ping, after.findNode - before.findNode, after.findValue - before.findValue]).toEqual([
      1, 1, 0,
    ]);
  });
});
