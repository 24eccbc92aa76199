import { beforeAll, describe, expect, it } from 'vitest';
import { DhtHarness, type HarnessPlayer } from '../../testing/harness';
import { areaBatch, areaRecordOf, item, sortedGroup } from '../../testing/records';
import { AREA_MAX_BATCHES, areaItems, areaKey, buildAreaRecord, mergeAreaBatches, parseAreaKey } from '../area';
import { describeRecord } from '../record';
import { RecordRejection } from '../rejection';
import { ValidationCache } from '../validation-cache';
import type { ValidationContext } from '../validator';
import { areaValidator, type VerifiedArea } from './area';

const key = areaKey('castle', '021');
let h: DhtHarness;
let group: HarnessPlayer[];
let ctx: ValidationContext;
let now: number;

beforeAll(async () => {
  h = await DhtHarness.create({ seed: 6 });
  group = sortedGroup(await Promise.all(['Ann', 'Ben', 'Cid'].map((n) => h.player(n))));
  ctx = { ed: h.ed, authorityKey: h.authority.publicKey, cache: new ValidationCache() };
  now = Math.floor(h.clock.now());
});

const verify = async (record: Parameters<typeof areaValidator.verify>[0], c = ctx) => areaValidator.verify(record, c);

describe('area records', () => {
  it('parse their keys', () => {
    expect(parseAreaKey(key)).toEqual({ zone: 'castle', cell: '021' });
    expect(parseAreaKey('area:x')).toBeUndefined();
    expect(() => areaKey('a b', '1')).toThrow(RangeError);
  });

  it('accept a write signed by a strict majority of the group; seq/exp are derived', async () => {
    const batch = await areaBatch(key, 4, [item('sword-1', group[0]!.id, now)], group);
    const record = areaRecordOf(key, [batch]);
    expect([record.seq, record.exp, record.permanent]).toEqual([4, now + 3600_000, false]);
    const r = await verify(record);
    expect(r.ok && r.value.cell).toBe('021');
    // The batch signatures are now cached: a second check is synchronous.
    expect(areaValidator.verify(record, ctx) instanceof Promise).toBe(false);
  });

  it('refuse a minority write, a tampered entry, an unauthorized group and wrong derived fields', async () => {
    const minority = await areaBatch(key, 1, [item('x', group[0]!.id, now)], group, 1);
    expect(await verify(areaRecordOf(key, [minority]))).toEqual({ ok: false, error: RecordRejection.NoQuorum });
    const good = await areaBatch(key, 2, [item('y', group[0]!.id, now)], group);
    const tampered = { ...good, entries: [item('y', group[0]!.id, now, { x: 999 })] };
    expect(await verify(areaRecordOf(key, [tampered]))).toEqual({ ok: false, error: RecordRejection.BadSignature });
    const deny: ValidationContext = { ...ctx, cache: new ValidationCache(), authorizeGroup: () => false };
    expect(await verify(areaRecordOf(key, [good]), deny)).toEqual({ ok: false, error: RecordRejection.Unauthorized });
    const record = areaRecordOf(key, [good]);
    expect(await verify({ ...record, seq: 1 })).toEqual({ ok: false, error: RecordRejection.Inconsistent });
    expect(await verify({ ...record, key: areaKey('castle', '022') })).toMatchObject({ ok: false });
    expect(await verify({ ...record, key: 'area:bad key' })).toEqual({ ok: false, error: RecordRejection.WrongKey });
  });

  it('merge by union, the newer version of each item winning, decayed items dropped', async () => {
    const by = group[1]!.id;
    const b1 = await areaBatch(
      key,
      1,
      [item('a', by, now), item('b', by, now), item('old', by, now, { decaysAt: now + 10 })],
      group,
    );
    const b2 = await areaBatch(
      key,
      2,
      [item('a', by, now, { version: 2, removed: true }), item('c', by, now, { x: 1 })],
      group,
    );
    const merged = mergeAreaBatches([b1], [b2], now + 20);
    expect(areaItems(merged, now + 20).map((e) => e.id)).toEqual(['b', 'c']);
    // Same result whichever side arrives first.
    expect(buildAreaRecord(key, mergeAreaBatches([b2], [b1], now + 20))).toEqual(buildAreaRecord(key, merged));
    const held = describeRecord(areaRecordOf(key, [b1]), {
      zone: 'castle',
      cell: '021',
      batches: [b1],
    } as VerifiedArea);
    const incoming = describeRecord(areaRecordOf(key, [b2]), {
      zone: 'castle',
      cell: '021',
      batches: [b2],
    } as VerifiedArea);
    const record = areaValidator.merge?.(held, incoming, now + 20);
    expect(record !== undefined && (await verify(record)).ok).toBe(true);
    // Once everything decayed, nothing is kept.
    expect(mergeAreaBatches([b1], [b2], now + 3600_001)).toEqual([]);
  });

  it('keep at most the newest batches', async () => {
    const batches = [];
    for (let seq = 1; seq <= AREA_MAX_BATCHES + 2; seq++)
      batches.push(await areaBatch(key, seq, [item(`i${seq}`, group[0]!.id, now)], group));
    const kept = mergeAreaBatches(batches, [], now);
    expect(kept.map((b) => b.seq).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
