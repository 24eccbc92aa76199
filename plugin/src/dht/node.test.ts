import { beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage, MessageType } from '../wire';
import { DhtErrorCode } from './errors';
import { compareDistance, nodeIdFromSignKey, peerIdOfNodeId, recordKey } from './ids';
import type { QueryEvent } from './query/events';
import { recordToWire } from './records/record';
import { StoreStatus } from './rpc/messages';
import { DhtHarness, type HarnessNode, randomSeed } from './testing/harness';
import { certRecordOf } from './testing/records';

let h: DhtHarness;
let nodes: HarnessNode[];

beforeAll(async () => {
  h = await DhtHarness.create({ seed: 21, latency: 20, config: { k: 8 } });
  nodes = Array.from({ length: 40 }, () => h.addNode());
  expect(await h.joinAll(nodes.slice(1), nodes[0]!)).toBe(0);
});

describe('DhtNode on a small network', () => {
  it('finds the true k closest nodes to a target', async () => {
    const target = randomSeed(h.rng);
    const from = nodes[5]!.node;
    const r = await h.driver.settle(from.findNode(target).result);
    if (!r.ok) throw r.error;
    const want = nodes
      .map((n) => n.node)
      .filter((n) => n !== from)
      .sort((a, b) => compareDistance(a.nodeId, b.nodeId, target))
      .slice(0, 8);
    expect(r.value.closest.map((c) => c.id)).toEqual(want.map((n) => n.id));
  });

  it('stores a record on the k closest and reads it back with progress events', async () => {
    const record = certRecordOf(await h.player('Alice'));
    const put = await h.driver.settle(nodes[3]!.node.put(record).result);
    expect(put.ok && put.value.stored).toBeGreaterThanOrEqual(8);
    const query = nodes[30]!.node.get(record.key);
    const r = await h.driver.settle(query.result);
    if (!r.ok) throw r.error;
    expect(r.value.record).toEqual(record);
    expect(r.value.hops).toBeGreaterThanOrEqual(1);
    const events: QueryEvent[] = [];
    for await (const e of query) events.push(e);
    const types = new Set(events.map((e) => e.type));
    expect([...types]).toEqual(expect.arrayContaining(['sending', 'response', 'value', 'done']));
    expect(events.at(-1)?.type).toBe('done');
  });

  it('answers not-found, aborted and stopped as values', async () => {
    const missing = await h.driver.settle(nodes[4]!.node.get('cert:00000000000000000000000000000000').result);
    expect(!missing.ok && missing.error.code).toBe(DhtErrorCode.NotFound);
    const controller = new AbortController();
    controller.abort();
    const aborted = await h.driver.settle(nodes[4]!.node.get('cert:x', { signal: controller.signal }).result);
    expect(!aborted.ok && aborted.error.code).toBe(DhtErrorCode.Aborted);
    const rtt = await h.driver.settle(nodes[4]!.node.ping(nodes[6]!.node.id));
    expect(rtt.ok && rtt.value).toBeGreaterThanOrEqual(40);
    const lonely = h.addNode();
    lonely.node.stop();
    lonely.node.stop();
    const stopped = await lonely.node.get('cert:x').result;
    expect(!stopped.ok && stopped.error.code).toBe(DhtErrorCode.Stopped);
  });

  it('refuses invalid records on put', async () => {
    const record = { ...certRecordOf(await h.player('Bob')), seq: 1 };
    const r = await h.driver.settle(nodes[2]!.node.put(record).result);
    expect(!r.ok && r.error.code).toBe(DhtErrorCode.InvalidRecord);
  });
});

describe('hostile peers', () => {
  it('drops messages whose node id does not belong to the sender, and counts malformed bytes', async () => {
    const victim = nodes[7]!.node;
    const attackerId = peerIdOfNodeId(nodeIdFromSignKey(randomSeed(h.rng)));
    const attacker = h.net.createPeer(attackerId);
    const got: Uint8Array[] = [];
    attacker.on('message', (_from, data) => got.push(data));
    await h.driver.settle(attacker.connect(victim.id));
    const claimed = victim.routing.contacts()[0]!.nodeId; // somebody else's position
    attacker.send(victim.id, encodeMessage(MessageType.dhtPing, [1, claimed]));
    attacker.send(victim.id, new Uint8Array([0x93, 0x01, 0x40, 0xc1]));
    await h.driver.run(500);
    expect(got).toHaveLength(0);
    expect(victim.counters().drops['inconsistent-id']).toBe(1);
    expect(victim.wireCounters.droppedTotal).toBeGreaterThanOrEqual(1);
    expect(victim.routing.has(attackerId)).toBe(false);
  });

  it('refuses a forged STORE and never serves it', async () => {
    const victim = nodes[8]!.node;
    const attackerKey = nodeIdFromSignKey(randomSeed(h.rng));
    const attacker = h.net.createPeer(peerIdOfNodeId(attackerKey));
    const answers: Uint8Array[] = [];
    attacker.on('message', (_from, data) => answers.push(data));
    await h.driver.settle(attacker.connect(victim.id));
    const good = certRecordOf(await h.player('Carol'));
    const forged = { ...good, value: good.value.map((b, i) => (i === 30 ? b ^ 0xff : b)) };
    attacker.send(victim.id, encodeMessage(MessageType.dhtStore, [5, attackerKey, recordToWire(forged)]));
    await h.driver.run(500);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.at(-1)).toBe(StoreStatus.Invalid);
    expect(victim.store.get(Buffer.from(recordKey(good.key)).toString('hex'))).toBeUndefined();
    expect(victim.routing.has(peerIdOfNodeId(attackerKey))).toBe(true); // a valid sender, an invalid record
  });
});
