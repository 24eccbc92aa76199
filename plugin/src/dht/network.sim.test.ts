/**
 * The many-node harness in the unit suite: 300 nodes on SimNetwork with log-normal delays, in
 * virtual time: join, store records of every type, lose 30% of the nodes at once, run one
 * republish interval of maintenance, read everything back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { areaKey } from './records/area';
import type { DhtRecord } from './records/record';
import { DhtHarness, type HarnessNode } from './testing/harness';
import { areaBatch, areaRecordOf, banRecordOf, certRecordOf, item, sortedGroup } from './testing/records';

const N = 300;
const HOUR = 3600_000;
let h: DhtHarness;
let authority: HarnessNode;
let nodes: HarnessNode[];
const records: DhtRecord[] = [];

beforeAll(async () => {
  h = await DhtHarness.create({ seed: 99, node: { scheduler: 'external' } });
  authority = h.addNode(undefined, { archive: true });
  nodes = Array.from({ length: N - 1 }, () => h.addNode(undefined, { archivePeers: [authority.node.id] }));
  expect(await h.joinAll(nodes, authority)).toBe(0);
  const players = await Promise.all(['Ann', 'Bob', 'Cyd', 'Dia', 'Eddy', 'Fay'].map((n) => h.player(n)));
  const group = sortedGroup(players.slice(0, 3));
  const now = Math.floor(h.clock.now());
  for (const p of players) records.push(certRecordOf(p));
  for (let i = 0; i < 4; i++) records.push(await banRecordOf(h, `${'ab'.repeat(15)}${i}${i}`));
  for (let i = 0; i < 6; i++) {
    const key = areaKey('meadow', `${i}`);
    records.push(
      areaRecordOf(key, [
        await areaBatch(key, 1, [item(`i${i}`, group[0]!.id, now, { decaysAt: now + 24 * HOUR })], group),
      ]),
    );
  }
  for (const [i, record] of records.entries()) {
    const r = await h.driver.settle(nodes[(i * 17) % nodes.length]!.node.put(record).result);
    expect(r.ok ? 'ok' : `${record.type}: ${r.error.message}`).toBe('ok');
  }
}, 60_000);

async function readAll(from: readonly HarnessNode[]): Promise<number> {
  let found = 0;
  for (const [i, record] of records.entries()) {
    const r = await h.driver.settle(from[(i * 31) % from.length]!.node.get(record.key).result);
    if (r.ok && r.value.record.seq === record.seq && r.value.record.type === record.type) found++;
  }
  return found;
}

describe(`${N} nodes on SimNetwork`, () => {
  it('join with small routing tables, bounded links, and read every record in a few hops', async () => {
    expect(await readAll(nodes)).toBe(records.length);
    for (const n of nodes) expect(n.node.connections.size).toBeLessThanOrEqual(40);
    const r = await h.driver.settle(nodes[1]!.node.get(records[0]!.key).result);
    expect(r.ok && r.value.hops).toBeLessThanOrEqual(3);
  });

  it('survive 30% of the nodes leaving at once: every record, permanent ones through the archive', async () => {
    for (const n of nodes.slice(0, Math.floor(N * 0.3))) h.crash(n);
    // Worst case for a permanent record: every node that held it is gone; the archive still has it.
    const cert = records[0]!;
    for (const n of nodes)
      if (n.node.store.get(Buffer.from((await import('./ids')).recordKey(cert.key)).toString('hex'))) h.crash(n);
    await h.runMaintenance(1.25 * HOUR);
    const survivors = nodes.filter((n) => n.alive);
    expect(await readAll(survivors)).toBe(records.length);
  }, 60_000);
});
