import { beforeAll, describe, expect, it } from 'vitest';
import { issueCert } from '../../../auth';
import { signKeyPairFromSeed } from '../../../crypto';
import { keyHex, recordKey } from '../../ids';
import { areaItems, areaKey } from '../../records/area';
import { type DhtRecord, recordToWire } from '../../records/record';
import type { VerifiedArea } from '../../records/validators/area';
import { certRecord } from '../../records/validators/cert';
import { type HandlerFixture, handlerFixture } from '../../testing/context';
import { type HarnessPlayer, randomSeed } from '../../testing/harness';
import { areaBatch, areaRecordOf, banRecordOf, certRecordOf, item, sortedGroup } from '../../testing/records';
import { StoreStatus } from '../messages';
import { handleStore } from './store';

let f: HandlerFixture;
let alice: HarnessPlayer;
let group: HarnessPlayer[];

beforeAll(async () => {
  f = await handlerFixture({ config: { maxRecords: 50 } });
  alice = await f.h.player('Alice');
  group = sortedGroup([await f.h.player('Gina'), await f.h.player('Hugo'), await f.h.player('Ines')]);
});

async function store(record: DhtRecord, fixture = f): Promise<number> {
  const from = fixture.contact();
  const [, , status] = await handleStore(fixture.ctx, [1, from.nodeId, recordToWire(record)]);
  return status;
}

describe('STORE handler', () => {
  it('stores a valid record once, then reports it unchanged', async () => {
    const record = certRecordOf(alice);
    expect(await store(record)).toBe(StoreStatus.Stored);
    expect(await store(record)).toBe(StoreStatus.Unchanged);
    expect(f.ctx.store.get(keyHex(recordKey(record.key)))?.valid.record).toEqual(record);
  });

  it('refuses forged, tampered, wrong-key, wrong-type, inconsistent and oversized records', async () => {
    const mallory = signKeyPairFromSeed(randomSeed(f.h.rng));
    const forgedKey = await issueCert(f.h.ed, mallory.secretKey, { t: 'key', id: alice.id, exp: alice.keyExpiry + 1 });
    const good = certRecordOf(alice);
    const cases: DhtRecord[] = [
      certRecord(alice.id, { ...alice.credentials, key: forgedKey }, alice.keyExpiry + 1), // forged
      { ...good, value: good.value.map((b, i) => (i === 40 ? b ^ 1 : b)) }, // tampered
      { ...good, key: 'cert:0123456789abcdef0123456789abcdef' }, // another player's key
      { ...good, type: 'ban', key: `ban:${alice.id}` }, // a certificate passed off as a ban
      { ...good, type: 'unknown' }, // no validator
      { ...good, seq: good.seq + 5 }, // seq not derived from the certificate
      { ...good, value: new Uint8Array(4096) }, // oversized
    ];
    for (const record of cases) expect(await store(record)).toBe(StoreStatus.Invalid);
  });

  it('refuses an expired record and a replayed older version', async () => {
    const fresh = await handlerFixture();
    const bob = await fresh.h.player('Bob');
    const renewed = {
      ...bob,
      credentials: {
        ...bob.credentials,
        key: await issueCert(fresh.h.ed, fresh.h.authority.secretKey, {
          t: 'key',
          id: bob.id,
          exp: bob.keyExpiry + 1000,
        }),
      },
    };
    expect(await store(certRecord(bob.id, renewed.credentials, bob.keyExpiry + 1000), fresh)).toBe(StoreStatus.Stored);
    expect(await store(certRecordOf(bob), fresh)).toBe(StoreStatus.Stale);
    fresh.h.clock.advance(bob.keyExpiry + 2000 - fresh.h.clock.now());
    expect(await store(certRecord(bob.id, renewed.credentials, bob.keyExpiry + 1000), fresh)).toBe(StoreStatus.Invalid);
    expect(fresh.ctx.validation.rejections.expired).toBe(1);
  });

  it('stores bans', async () => {
    expect(await store(await banRecordOf(f.h, alice.id))).toBe(StoreStatus.Stored);
  });

  it('merges area writes: union, newer version per item, and refuses a permanent area record', async () => {
    const key = areaKey('forest', '0123');
    const now = Math.floor(f.h.clock.now());
    const first = await areaBatch(key, 1, [item('a', alice.id, now), item('b', alice.id, now)], group);
    const second = await areaBatch(
      key,
      2,
      [item('a', alice.id, now, { version: 2, removed: true }), item('c', alice.id, now)],
      group,
    );
    expect(await store(areaRecordOf(key, [first]))).toBe(StoreStatus.Stored);
    expect(await store(areaRecordOf(key, [second]))).toBe(StoreStatus.Stored);
    expect(await store(areaRecordOf(key, [first]))).toBe(StoreStatus.Unchanged);
    const held = f.ctx.store.get(keyHex(recordKey(key)))!.valid.parsed as VerifiedArea;
    expect(areaItems(held.batches, now).map((e) => e.id)).toEqual(['b', 'c']);
    expect(await store({ ...areaRecordOf(key, [first]), permanent: true })).toBe(StoreStatus.Invalid);
    const minority = await areaBatch(key, 3, [item('d', alice.id, now)], group, 1);
    expect(await store(areaRecordOf(key, [minority]))).toBe(StoreStatus.Invalid);
  });

  it('answers full when out of room, except on the archive for permanent records', async () => {
    const small = await handlerFixture({ config: { maxRecords: 1 } });
    const p1 = await small.h.player('One');
    const p2 = await small.h.player('Two');
    expect(await store(certRecordOf(p1), small)).toBe(StoreStatus.Stored);
    expect(await store(certRecordOf(p2), small)).toBe(StoreStatus.Full);
    const archive = await handlerFixture({ config: { maxRecords: 1 }, archive: true });
    const p3 = await archive.h.player('Three');
    const p4 = await archive.h.player('Four');
    expect(await store(certRecordOf(p3), archive)).toBe(StoreStatus.Stored);
    expect(await store(certRecordOf(p4), archive)).toBe(StoreStatus.Stored);
  });
});
