import { decode } from '@msgpack/msgpack';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEd25519, type Ed25519, generateKeyRing, generateSignKeyPair, sha512 } from '../crypto';
import { toHex } from '../util/bytes';
import { issueCert } from './cert';
import { AuthErrorCode } from './errors';
import { nameKey, validateName } from './names';
import { playerIdFromSignKey, registrationMessage, verifyPlayerCerts } from './player';

let ed: Ed25519;
const authority = generateSignKeyPair();
const NOW = 1_700_000_000_000;

beforeAll(async () => {
  ed = await createEd25519();
});

describe('player ids', () => {
  it('is the hex of the first 16 bytes of SHA-512 of the signing key', () => {
    const key = new Uint8Array(32).fill(7);
    expect(playerIdFromSignKey(key)).toBe(toHex(sha512(key).subarray(0, 16)));
    expect(playerIdFromSignKey(key)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('names', () => {
  it.each(['abc', 'Alice', 'a_b-c', 'Z1234567890123456789'])('accepts %s', (name) => {
    expect(validateName(name).ok).toBe(true);
  });
  it.each(['ab', '1abc', '_abc', 'a b c', 'ünïcode', 'Z12345678901234567890', '', 'abc!'])('rejects %j', (name) => {
    const r = validateName(name);
    expect(!r.ok && r.error.code).toBe(AuthErrorCode.InvalidName);
  });
  it('compares names case-insensitively', () => {
    expect(nameKey('AlIcE')).toBe(nameKey('alice'));
  });
});

describe('registration message', () => {
  it('is the msgpack array ["register", gameId, name, sign, box]', () => {
    const sign = new Uint8Array(32).fill(1);
    const box = new Uint8Array(32).fill(2);
    expect(decode(registrationMessage('g1', 'Alice', sign, box))).toEqual(['register', 'g1', 'Alice', sign, box]);
  });
});

describe('verifyPlayerCerts', () => {
  const ring = generateKeyRing();
  const id = playerIdFromSignKey(ring.sign.publicKey);
  const identity = { t: 'pk', id, name: 'Alice', sign: ring.sign.publicKey, box: ring.box.publicKey } as const;

  it('returns the player when both certificates are valid', async () => {
    const key = await issueCert(ed, authority.secretKey, { t: 'key', id, exp: NOW + 10 });
    const pk = await issueCert(ed, authority.secretKey, identity);
    const r = await verifyPlayerCerts(ed, authority.publicKey, { key, identity: pk }, NOW);
    expect(r).toEqual({
      ok: true,
      value: { id, name: 'Alice', sign: ring.sign.publicKey, box: ring.box.publicKey, expires: NOW + 10 },
    });
  });

  it('rejects mismatched ids, ids not derived from the key, swapped and expired certificates', async () => {
    const other = playerIdFromSignKey(generateSignKeyPair().publicKey);
    const key = await issueCert(ed, authority.secretKey, { t: 'key', id, exp: NOW + 10 });
    const pk = await issueCert(ed, authority.secretKey, identity);
    const otherKey = await issueCert(ed, authority.secretKey, { t: 'key', id: other, exp: NOW + 10 });
    const lying = await issueCert(ed, authority.secretKey, { ...identity, id: other });
    const check = async (k: typeof key, i: typeof pk, now = NOW) => {
      const r = await verifyPlayerCerts(ed, authority.publicKey, { key: k, identity: i }, now);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await check(otherKey, pk)).toBe(AuthErrorCode.Mismatch);
    expect(await check(otherKey, lying)).toBe(AuthErrorCode.Mismatch);
    expect(await check(pk, key)).toBe(AuthErrorCode.WrongType);
    expect(await check(key, pk, NOW + 10)).toBe(AuthErrorCode.Expired);
  });
});
