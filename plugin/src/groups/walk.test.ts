import { describe, expect, it } from 'vitest';
import { GROUP_RECORD_TYPE, groupRecordKey, parseGroupRecord } from '../dht/records/validators/group';
import { DhtHarness, type HarnessPlayer } from '../dht/testing/harness';
import { rootSquare } from './geometry';
import { groupBody, signGroupRecord } from './testing/records';
import { LeafFinder } from './walk';

/** A DHT of 8 nodes holding a tree: r and r1 split, r12 a leaf with a group, r13 empty. */
async function world() {
  const h = await DhtHarness.create({ seed: 17 });
  const nodes = Array.from({ length: 8 }, () => h.addNode());
  for (const n of nodes.slice(1)) await h.join(n, nodes[0]);
  const ps: HarnessPlayer[] = [];
  for (let i = 0; i < 3; i++) ps.push(await h.player(`walker${i}`));
  const now = h.clock.now();
  const put = async (cell: string, inner: boolean, seq = 1) => {
    const r = await signGroupRecord(groupBody('town', cell, ps, now, { inner, seq }), ps.slice(0, 2));
    const stored = await h.driver.settle(nodes[1]!.node.put(r).result);
    if (!stored.ok) throw new Error(`put ${cell}`);
  };
  await put('r', true);
  await put('r1', true);
  await put('r12', false);
  await put('r0', false);
  const root = rootSquare({ x: 0, y: 0, width: 4096, height: 4096 });
  const reader = nodes[6]!.node;
  const finder = (zone = 'town') =>
    new LeafFinder({
      zone,
      root,
      clock: h.clock,
      read: async (cell) => {
        const r = await reader.get(groupRecordKey(zone, cell)).result;
        if (!r.ok || r.value.record.type !== GROUP_RECORD_TYPE) return undefined;
        const g = parseGroupRecord(r.value.record);
        return g.ok ? g.value : undefined;
      },
    });
  return { h, put, finder };
}

describe('finding the leaf of a point (walk down from the root, cached)', () => {
  it('costs one DHT read per level the first time, and none or one next to an earlier walk', async () => {
    const { h, finder } = await world();
    const f = finder();
    // r12 is the top-left quarter of r1 (the top-right quarter of the zone): x in [2048, 3072), y in [1024, 2048).
    const a = await h.driver.settle(f.find({ x: 2100, y: 1100 }));
    expect(a.cell).toBe('r12');
    expect(a.record?.members).toHaveLength(3);
    expect(a.reads).toBe(3);
    const again = await h.driver.settle(f.find({ x: 2900, y: 2000 }));
    expect(again).toMatchObject({ cell: 'r12', reads: 0 });
    // A fresh look at the leaf re-reads only the leaf.
    expect((await h.driver.settle(f.find({ x: 2900, y: 2000 }, { fresh: true }))).reads).toBe(1);
    // r13 (right of r12) has no record: an empty leaf, found with one more read.
    const empty = await h.driver.settle(f.find({ x: 3500, y: 1500 }));
    expect(empty).toMatchObject({ cell: 'r13', record: undefined, reads: 1 });
    expect(f.tree.innerCells()).toEqual(['r', 'r1']);
    h.stop();
  });

  it('lists the leaves a camera overlaps, and zones never mix', async () => {
    const { h, finder } = await world();
    const f = finder();
    const view = await h.driver.settle(f.overlapping({ x: 1900, y: 900, width: 800, height: 600 }));
    expect(view.map((l) => l.cell)).toEqual(['r0', 'r10', 'r12']);
    expect(view.find((l) => l.cell === 'r0')?.record).toBeDefined();
    // The same cells in another zone: nothing there (the key names the zone).
    const other = await h.driver.settle(finder('cave').find({ x: 2100, y: 1100 }));
    expect(other).toMatchObject({ cell: 'r', record: undefined });
    h.stop();
  });

  it('follows a merge: once the parent is a leaf again, walks stop there', async () => {
    const { h, put, finder } = await world();
    const f = finder();
    expect((await h.driver.settle(f.find({ x: 2100, y: 1100 }))).cell).toBe('r12');
    await put('r1', false, 2);
    f.invalidate('r1');
    const after = await h.driver.settle(f.find({ x: 2100, y: 1100 }));
    expect(after.cell).toBe('r1');
    expect(f.tree.isLeaf('r1')).toBe(true);
    h.stop();
  });
});
