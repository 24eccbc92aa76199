import { beforeAll, describe, expect, it } from 'vitest';
import { issueCert } from '../../../auth';
import { signKeyPairFromSeed } from '../../../crypto';
import { DhtHarness, randomSeed } from '../../testing/harness';
import { banRecordOf } from '../../testing/records';
import { RecordRejection } from '../rejection';
import { RecordValidation } from '../validation';
import { ValidationCache } from '../validation-cache';
import type { ValidationContext } from '../validator';
import { banRecord, banValidator } from './ban';

const id = '0b080c6f41ac1802a0432fc865371fc4';
let h: DhtHarness;
let ctx: ValidationContext;

beforeAll(async () => {
  h = await DhtHarness.create({ seed: 5 });
  ctx = { ed: h.ed, authorityKey: h.authority.publicKey, cache: new ValidationCache() };
});

describe('ban validator', () => {
  it('accepts an authority ban certificate under its player key; never expires', async () => {
    const record = await banRecordOf(h, id, 'cheating');
    const r = await banValidator.verify(record, ctx);
    expect(r.ok && r.value.body).toMatchObject({ t: 'ban', id, reason: 'cheating' });
    expect(record.permanent).toBe(true);
    expect(banValidator.isLive(record, r.ok ? r.value : (undefined as never), Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('refuses forged bans, bans filed under another player, other certificate types and wrong seq', async () => {
    const other = signKeyPairFromSeed(randomSeed(h.rng));
    const at = Math.floor(h.clock.now());
    const forged = await issueCert(h.ed, other.secretKey, { t: 'ban', id, reason: 'x', at });
    const real = await banRecordOf(h, id);
    const keyCert = await issueCert(h.ed, h.authority.secretKey, { t: 'key', id, exp: at + 1 });
    const cases: [Parameters<typeof banValidator.verify>[0], RecordRejection][] = [
      [banRecord(forged, { t: 'ban', id, reason: 'x', at }), RecordRejection.BadSignature],
      [{ ...real, key: 'ban:ffffffffffffffffffffffffffffffff' }, RecordRejection.WrongKey],
      [{ ...real, value: banRecord(keyCert, { t: 'ban', id, reason: '', at }).value }, RecordRejection.WrongKey],
      [{ ...real, seq: real.seq - 1 }, RecordRejection.Inconsistent],
      [{ ...real, exp: 5 }, RecordRejection.Inconsistent],
    ];
    for (const [record, reason] of cases)
      expect(await banValidator.verify(record, ctx)).toEqual({ ok: false, error: reason });
  });
});

describe('record validation cache', () => {
  it('verifies a record arriving from several replicas at once only once, and serves it valid to all', async () => {
    const record = await banRecordOf(h, id, 'cheating');
    let calls = 0;
    const counting = {
      ...banValidator,
      verify: (r: typeof record, c: ValidationContext) => {
        calls++;
        return banValidator.verify(r, c);
      },
    };
    const validation = new RecordValidation([counting], { ...ctx, cache: new ValidationCache() });
    const now = Math.floor(h.clock.now());
    const outcomes = await Promise.all([1, 2, 3].map(() => validation.validate(record, now)));
    expect(calls).toBe(1);
    for (const o of outcomes) expect(o).toMatchObject({ ok: true });
    expect(await validation.validate(record, now)).toMatchObject({ ok: true });
    expect(calls).toBe(1);
  });
});
