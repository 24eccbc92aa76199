import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthErrorCode, type AuthorityClient, isPlayerId, verifyCert } from '../auth';
import { VirtualClock } from '../clock';
import { createEd25519, type Ed25519, generateKeyRing } from '../crypto';
import { ProofKind } from '../neo/proofs';
import { ok } from '../util/result';
import type { AuthorityServer } from './options';
import { removeDir, startTestServer, tempDataDir } from './testing';

const KEY_EXPIRY = 60_000;
let ed: Ed25519;
let server: AuthorityServer;
let client: AuthorityClient;
let dataDir: string;
const clock = new VirtualClock(1_700_000_000_000);

beforeAll(async () => {
  ed = await createEd25519();
  ({ server, client, dataDir } = await startTestServer({ clock, keyExpiryMs: KEY_EXPIRY }));
  server.registerProofVerifier('test.cheat', (proof) => {
    const text = new TextDecoder().decode(proof);
    if (text === 'throw') throw new Error('verifier bug');
    return isPlayerId(text) ? ok({ playerId: text, reason: 'admitted cheating' }) : { ok: false, error: 'no id' };
  });
});

afterAll(async () => {
  await server.close();
  removeDir(dataDir);
});

describe('authority HTTP API', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect([res.status, await res.json()]).toEqual([200, { ok: true }]);
  });

  it('describes itself', async () => {
    const r = await client.getAuthority();
    expect(r).toEqual({ ok: true, value: { gameId: server.gameId, publicKey: server.publicKey } });
  });

  it('tells the time of its clock', async () => {
    const r = await client.getTime();
    expect(r.ok && r.value.serverNow).toBe(clock.now());
  });

  it('registers a player and returns certificates that verify', async () => {
    const ring = generateKeyRing();
    const r = await client.register({ name: 'Alice', ring, ed });
    if (!r.ok) throw r.error;
    expect(r.value.renewed).toBe(false);
    expect(r.value.player).toMatchObject({ name: 'Alice', id: r.value.playerId, expires: clock.now() + KEY_EXPIRY });
    const identity = await verifyCert(ed, server.publicKey, r.value.credentials.identity, { now: 0, expect: 'pk' });
    expect(identity.ok && identity.value.sign).toEqual(ring.sign.publicKey);
  });

  it('renews the certificates of a returning player whose key certificate expired', async () => {
    const ring = generateKeyRing();
    const first = await client.register({ name: 'Bob', ring, ed });
    if (!first.ok) throw first.error;
    clock.advance(KEY_EXPIRY + 1);
    const stale = await verifyCert(ed, server.publicKey, first.value.credentials.key, { now: clock.now() });
    expect(!stale.ok && stale.error.code).toBe(AuthErrorCode.Expired);
    const again = await client.register({ name: 'bob', ring, ed });
    if (!again.ok) throw again.error;
    expect(again.value.renewed).toBe(true);
    expect(again.value.player.expires).toBe(clock.now() + KEY_EXPIRY);
  });

  it('refuses a taken name (any case) for another key, and a second name for one key', async () => {
    const ring = generateKeyRing();
    expect((await client.register({ name: 'Carol', ring, ed })).ok).toBe(true);
    const taken = await client.register({ name: 'CAROL', ring: generateKeyRing(), ed });
    expect(!taken.ok && [taken.error.code, taken.error.status]).toEqual([AuthErrorCode.NameTaken, 409]);
    const second = await client.register({ name: 'Carol2', ring, ed });
    expect(!second.ok && [second.error.code, second.error.message]).toEqual([
      AuthErrorCode.Rejected,
      'signing key already registered as Carol',
    ]);
  });

  it('lists the own DHT peer first in the bootstrap list', async () => {
    expect(await client.getBootstrap()).toEqual({ ok: true, value: [] });
    server.setOwnPeerId('authority-peer');
    expect(await client.getBootstrap()).toEqual({ ok: true, value: ['authority-peer'] });
    server.setOwnPeerId(undefined);
  });

  it('turns a valid proof into a ban certificate, once', async () => {
    const ring = generateKeyRing();
    const reg = await client.register({ name: 'Mallory', ring, ed });
    if (!reg.ok) throw reg.error;
    const proof = { kind: 'test.cheat', proof: new TextEncoder().encode(reg.value.playerId) };
    const ban = await client.submitProof(proof);
    if (!ban.ok) throw ban.error;
    const body = await verifyCert(ed, server.publicKey, ban.value, { now: clock.now(), expect: 'ban' });
    expect(body).toEqual({
      ok: true,
      value: { t: 'ban', id: reg.value.playerId, reason: 'test.cheat: admitted cheating', at: clock.now() },
    });
    expect(await client.getBan(reg.value.playerId)).toEqual(ban);
    expect(await client.submitProof(proof)).toEqual(ban);
    const back = await client.register({ name: 'Mallory', ring, ed });
    expect(!back.ok && [back.error.code, back.error.status]).toEqual([AuthErrorCode.Banned, 403]);
    expect(await client.getBan('0'.repeat(32))).toEqual({ ok: true, value: undefined });
  });

  it('answers 400 for proofs that are not proofs', async () => {
    const submit = async (kind: string, text: string) => {
      const r = await client.submitProof({ kind, proof: new TextEncoder().encode(text) });
      return r.ok ? 'ok' : `${r.error.status} ${r.error.message}`;
    };
    expect(await submit('test.other', 'x')).toBe('400 unknown proof kind');
    expect(await submit('test.cheat', 'x')).toBe('400 not a proof: no id');
    expect(await submit('test.cheat', 'throw')).toBe('400 not a proof: verifier could not read the proof');
  });

  it('judges NEO proofs without any registration: a forged one is refused by the NEO verifier', async () => {
    for (const kind of Object.values(ProofKind)) {
      const r = await client.submitProof({ kind, proof: new TextEncoder().encode('not a neo proof') });
      expect(r.ok).toBe(false);
      const message = r.ok ? '' : r.error.message;
      expect(message).toMatch(/^not a proof: /);
      expect(message).not.toBe('unknown proof kind');
    }
  });

  it('rejects a registration with a bad proof signature without storing anything', async () => {
    const res = await fetch(`${server.url}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Eve',
        signPublicKey: btoa('a'.repeat(32)),
        boxPublicKey: btoa('b'.repeat(32)),
        signature: btoa('c'.repeat(64)),
      }),
    });
    expect([res.status, await res.json()]).toEqual([400, { error: 'signature does not verify' }]);
    expect((await client.register({ name: 'Eve', ring: generateKeyRing(), ed })).ok).toBe(true);
  });

  it('fails to start on a busy port and cleans up after itself', async () => {
    const dir = tempDataDir();
    await expect(startTestServer({ port: server.port, dataDir: dir })).rejects.toThrow(/EADDRINUSE/);
    removeDir(dir);
  });

  it('close is idempotent', async () => {
    const { server: other, dataDir: dir } = await startTestServer();
    await Promise.all([other.close(), other.close()]);
    await other.close();
    removeDir(dir);
  });
});
