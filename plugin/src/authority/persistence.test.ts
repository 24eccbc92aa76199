import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthErrorCode, isPlayerId, verifyCert } from '../auth';
import { createEd25519, generateKeyRing } from '../crypto';
import { ok } from '../util/result';
import { AuthorityDb, MIGRATIONS } from './db';
import { KEY_FILE } from './keys';
import { DB_FILE } from './server';
import { removeDir, startTestServer, tempDataDir } from './testing';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function dir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

describe('persistence', () => {
  it('keeps the key, game id, accounts and bans across a restart', async () => {
    const ed = await createEd25519();
    const dataDir = dir();
    const first = await startTestServer({ dataDir });
    const ring = generateKeyRing();
    const alice = await first.client.register({ name: 'Alice', ring, ed });
    if (!alice.ok) throw alice.error;
    const mallory = await first.client.register({ name: 'Mallory', ring: generateKeyRing(), ed });
    if (!mallory.ok) throw mallory.error;
    const ban = await first.server.ban(mallory.value.playerId, 'operator ban');
    await first.server.close();
    expect(statSync(join(dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);

    const second = await startTestServer({ dataDir });
    try {
      expect(second.server.publicKey).toEqual(first.server.publicKey);
      expect(second.server.gameId).toBe(first.server.gameId);
      const taken = await second.client.register({ name: 'alice', ring: generateKeyRing(), ed });
      expect(!taken.ok && taken.error.code).toBe(AuthErrorCode.NameTaken);
      const renewed = await second.client.register({ name: 'Alice', ring, ed });
      expect(renewed.ok && renewed.value.renewed).toBe(true);
      expect(await second.client.getBan(mallory.value.playerId)).toEqual({ ok: true, value: ban });
      const body = await verifyCert(ed, second.server.publicKey, ban, { now: Date.now(), expect: 'ban' });
      expect(body.ok && body.value.reason).toBe('operator ban');
      // A ban proven again keeps its first certificate.
      second.server.registerProofVerifier('test.any', (p) =>
        ok({ playerId: new TextDecoder().decode(p), reason: 'x' }),
      );
      const again = await second.client.submitProof({
        kind: 'test.any',
        proof: new TextEncoder().encode(mallory.value.playerId),
      });
      expect(again).toEqual({ ok: true, value: ban });
    } finally {
      await second.server.close();
    }
  });

  it('uses a configured game id over the stored one', async () => {
    const dataDir = dir();
    const first = await startTestServer({ dataDir });
    await first.server.close();
    const second = await startTestServer({ dataDir, gameId: 'my-game' });
    await second.server.close();
    expect([second.server.gameId, second.server.publicKey]).toEqual(['my-game', first.server.publicKey]);
    expect(isPlayerId(first.server.gameId)).toBe(false);
    expect(first.server.gameId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses to start with a corrupt key file instead of replacing the key', async () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, KEY_FILE), '{"version":1}', { mode: 0o600 });
    await expect(startTestServer({ dataDir })).rejects.toThrow(/authority key file .* is unusable/);
  });

  it('runs migrations once and records the schema version', () => {
    const dataDir = dir();
    const file = join(dataDir, DB_FILE);
    AuthorityDb.open(file).close();
    const db = AuthorityDb.open(file);
    expect(db.version).toBe(MIGRATIONS.length);
    expect(db.accountCount()).toBe(0);
    db.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => AuthorityDb.open(file)).toThrow(/newer than this server/);
  });
});

describe('ban reasons', () => {
  it('are clipped to 256 UTF-16 units without breaking characters, and stay verifiable', async () => {
    const { clipReason } = await import('./bans');
    expect(clipReason(`${'a'.repeat(255)}😀`)).toBe('a'.repeat(255));
    expect(clipReason('x\uD800y')).toBe('x\uFFFDy');
    const ed = await createEd25519();
    const { server, dataDir } = await startTestServer();
    dirs.push(dataDir);
    try {
      const id = 'c'.repeat(32);
      const cert = await server.ban(
        id,
        `${'é'.repeat(200)}😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀\uDC00`,
      );
      const body = await verifyCert(ed, server.publicKey, cert, { now: 0, expect: 'ban' });
      expect(body.ok && body.value.reason.length).toBeLessThanOrEqual(256);
    } finally {
      await server.close();
    }
  });
});
