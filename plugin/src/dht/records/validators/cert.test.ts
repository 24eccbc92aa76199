import { beforeAll, describe, expect, it } from 'vitest';
import { issueCert } from '../../../auth';
import { signKeyPairFromSeed } from '../../../crypto';
import { DhtHarness, type HarnessPlayer, randomSeed } from '../../testing/harness';
import { certRecordOf } from '../../testing/records';
import { RecordRejection } from '../rejection';
import { ValidationCache } from '../validation-cache';
import type { ValidationContext } from '../validator';
import { certRecord, certValidator } from './cert';

let h: DhtHarness;
let alice: HarnessPlayer;
let ctx: ValidationContext;

beforeAll(async () => {
  h = await DhtHarness.create({ seed: 4 });
  alice = await h.player('Alice');
  ctx = { ed: h.ed, authorityKey: h.authority.publicKey, cache: new ValidationCache() };
});

describe('cert validator', () => {
  it('accepts a player certificate record; seq and exp are the key certificate expiry', async () => {
    const r = await certValidator.verify(certRecordOf(alice), ctx);
    expect(r.ok && r.value.id).toBe(alice.id);
    expect(certValidator.isLive(certRecordOf(alice), r.ok ? r.value : (undefined as never), alice.keyExpiry - 1)).toBe(
      true,
    );
    expect(certValidator.isLive(certRecordOf(alice), r.ok ? r.value : (undefined as never), alice.keyExpiry)).toBe(
      false,
    );
  });

  it('refuses forged certificates, mismatched players, wrong types and malformed values', async () => {
    const other = signKeyPairFromSeed(randomSeed(h.rng));
    const forged = await issueCert(h.ed, other.secretKey, { t: 'key', id: alice.id, exp: alice.keyExpiry });
    const bob = await h.player('Bob');
    const ban = await h.ban(alice.id);
    const good = certRecordOf(alice);
    const cases: [Parameters<typeof certValidator.verify>[0], RecordRejection][] = [
      [certRecord(alice.id, { ...alice.credentials, key: forged }, alice.keyExpiry), RecordRejection.BadSignature],
      [
        certRecord(alice.id, { key: alice.credentials.key, identity: bob.credentials.identity }, alice.keyExpiry),
        RecordRejection.Malformed,
      ],
      [certRecord(alice.id, { ...alice.credentials, key: ban }, alice.keyExpiry), RecordRejection.WrongKey],
      [{ ...good, key: `cert:${bob.id}` }, RecordRejection.WrongKey],
      [{ ...good, exp: 0 }, RecordRejection.Inconsistent],
      [{ ...good, value: new Uint8Array([0xc1]) }, RecordRejection.Malformed],
    ];
    for (const [record, reason] of cases)
      expect(await certValidator.verify(record, ctx)).toEqual({ ok: false, error: reason });
  });
});
