import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../authority/testing';
import { SessionErrorCode, SessionOptionError } from './errors';
import { memoryKeyStore } from './key-store-memory';
import { openSession } from './open';
import { AUTHORITY_AHEAD_MS, SessionWorld } from './test-support';
import type { Session, SessionStep } from './types';

let world: SessionWorld | undefined;
const sessions: Session[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  await world?.close();
  world = undefined;
});

async function open(w: SessionWorld, name: string, extra: Parameters<SessionWorld['options']>[1] = {}) {
  const r = await w.settle(openSession(w.options(name, extra)));
  if (r.ok) sessions.push(r.value);
  return r;
}

describe('openSession', () => {
  it('opens two sessions that verify each other, announcing the steps in order', async () => {
    world = await SessionWorld.create({ dht: true });
    const steps: SessionStep[] = [];
    const a = await open(world, 'Alice', { onProgress: (s) => steps.push(s) });
    const b = await open(world, 'Bob');
    if (!a.ok || !b.ok) throw new Error('a session failed to open');
    const alice = a.value;
    const bob = b.value;
    expect(steps).toEqual(['keys', 'registration', 'signalling', 'dht']);
    expect(alice.returning).toBe(false);
    // The clock runs on the authority's time, which is ahead of the base clock.
    expect(alice.clock.now() - world.clock.now()).toBe(AUTHORITY_AHEAD_MS);
    expect(alice.gameId).toBe(world.server.gameId);

    await world.runUntil(
      () =>
        alice.peers().some((p) => p.id === bob.playerId && p.verified) &&
        bob.peers().some((p) => p.id === alice.playerId && p.verified),
    );
    expect(alice.peers().find((p) => p.id === bob.playerId)).toMatchObject({
      name: 'Bob',
      verified: true,
      connected: true,
      banned: false,
    });
    expect(bob.peers().find((p) => p.id === alice.playerId)?.name).toBe('Alice');
    expect(alice.membership.publicKeyOf(bob.playerId)).toEqual(bob.signer.publicKey);
    expect(alice.membership.isAuthenticated?.(bob.playerId)).toBe(true);
    expect(alice.membership.publicKeyOf('0'.repeat(32))).toBeUndefined();
    const c = alice.counters();
    expect(c.dhtJoined).toBe(1);
    expect(c.dhtPublished).toBe(1);
    expect(c.hellosRefused).toBe(0);
  });

  it('greets verified peers with a signed note, and measures round trips', async () => {
    world = await SessionWorld.create({ dht: true });
    const a = await open(world, 'Alice');
    if (!a.ok) throw a.error;
    const notes: string[] = [];
    a.value.on('note', (n) => notes.push(`${n.name}: ${n.text}`));
    const b = await open(world, 'Bob');
    if (!b.ok) throw b.error;
    await world.runUntil(() => notes.length > 0 && a.value.rttTo(b.value.playerId) !== undefined);
    expect(notes).toEqual(['Bob: hello from Bob']);
    // Two one-way delays of 20 ms on the simulated network.
    expect(a.value.rttTo(b.value.playerId)).toBeGreaterThanOrEqual(40);
  });

  it('finds a peer\u2019s certificates through the DHT', async () => {
    world = await SessionWorld.create({ dht: true });
    const a = await open(world, 'Alice');
    const b = await open(world, 'Bob');
    if (!a.ok || !b.ok) throw new Error('a session failed to open');
    const bobId = b.value.playerId;
    await world.runUntil(() => a.value.counters().dhtLookupHits! >= 1);
    expect(a.value.peers().find((p) => p.id === bobId)?.dhtName).toBe('Bob');
    expect(a.value.certs.cached(bobId)?.name).toBe('Bob');
  });

  it('works without the DHT: no dht step, peers still verify each other', async () => {
    world = await SessionWorld.create();
    const steps: SessionStep[] = [];
    const a = await open(world, 'Alice', { dht: false, onProgress: (s) => steps.push(s) });
    const b = await open(world, 'Bob', { dht: false });
    if (!a.ok || !b.ok) throw new Error('a session failed to open');
    expect(steps).toEqual(['keys', 'registration', 'signalling']);
    await world.runUntil(() => a.value.peers().some((p) => p.verified));
    expect(a.value.counters()).toMatchObject({ dhtJoined: 0, dhtLookups: 0, banChecks: 0 });
  });

  it('reuses the stored keys of a returning name', async () => {
    world = await SessionWorld.create();
    const keyStore = memoryKeyStore();
    const first = await open(world, 'Alice', { keyStore, dht: false });
    if (!first.ok) throw first.error;
    await first.value.close();
    const again = await open(world, 'Alice', { keyStore, dht: false });
    if (!again.ok) throw again.error;
    expect(first.value.returning).toBe(false);
    expect(again.value.returning).toBe(true);
    expect(again.value.playerId).toBe(first.value.playerId);
    expect(await keyStore.lastName()).toBe('Alice');
  });

  it('refuses a name another player holds', async () => {
    world = await SessionWorld.create();
    const first = await open(world, 'Alice', { dht: false });
    expect(first.ok).toBe(true);
    const other = await open(world, 'Alice', { dht: false });
    expect(!other.ok && other.error.code).toBe(SessionErrorCode.NameTaken);
    expect(!other.ok && other.error.message).toContain('"Alice" is already taken');
  });

  it('refuses a banned player', async () => {
    world = await SessionWorld.create();
    const keyStore = memoryKeyStore();
    const first = await open(world, 'Mallory', { keyStore, dht: false });
    if (!first.ok) throw first.error;
    await first.value.close();
    await world.server.ban(first.value.playerId, 'duping');
    const again = await open(world, 'Mallory', { keyStore, dht: false });
    expect(!again.ok && again.error.code).toBe(SessionErrorCode.Banned);
    expect(!again.ok && again.error.message).toContain('duping');
  });

  it('reports an authority that cannot be reached', async () => {
    world = await SessionWorld.create();
    const down = await startTestServer();
    await down.server.close();
    const r = await open(world, 'Alice', { authorityUrl: down.server.url });
    expect(!r.ok && r.error.code).toBe(SessionErrorCode.AuthorityUnreachable);
    expect(world.online).toEqual([]); // no transport was opened
  });

  it('reports a player already connected elsewhere as a signalling failure', async () => {
    world = await SessionWorld.create();
    const keyStore = memoryKeyStore();
    const first = await open(world, 'Alice', { keyStore, dht: false });
    expect(first.ok).toBe(true);
    const twin = await open(world, 'Alice', { keyStore, dht: false });
    expect(!twin.ok && twin.error.code).toBe(SessionErrorCode.SignallingFailed);
    expect(!twin.ok && twin.error.message).toContain('another tab');
  });

  it('refuses a transport opened under another id, and closes it', async () => {
    world = await SessionWorld.create();
    const w = world;
    const stray = w.net.createPeer('stray');
    const r = await open(w, 'Alice', { openTransport: () => Promise.resolve({ ok: true, value: stray }) });
    expect(!r.ok && r.error.code).toBe(SessionErrorCode.Internal);
    expect(!r.ok && r.error.message).toContain('"stray"');
    expect(() => w.net.createPeer('stray')).not.toThrow(); // the stray transport was closed
  });

  it('reports a key store that fails as storage-unavailable', async () => {
    world = await SessionWorld.create();
    const keyStore = { ...memoryKeyStore(), load: () => Promise.reject(new Error('quota exceeded')) };
    const r = await open(world, 'Alice', { keyStore });
    expect(!r.ok && r.error.code).toBe(SessionErrorCode.StorageUnavailable);
    expect(!r.ok && r.error.message).toContain('quota exceeded');
  });

  it('reports missing WebRTC when no transport is given', async () => {
    world = await SessionWorld.create();
    const options = world.options('Alice');
    const r = await openSession({ ...options, openTransport: undefined });
    expect(!r.ok && r.error.code).toBe(SessionErrorCode.WebRtcUnavailable);
  });

  it('gives up when aborted, leaving nothing open', async () => {
    world = await SessionWorld.create();
    const controller = new AbortController();
    const options = world.options('Alice', {
      signal: controller.signal,
      onProgress: (s) => {
        if (s === 'signalling') controller.abort();
      },
    });
    const r = await world.settle(openSession(options));
    expect(!r.ok && r.error.code).toBe(SessionErrorCode.Aborted);
    expect(world.online).toEqual([]);
    expect(options.clock.pending).toBe(0);
  });
});

describe('openSession options', () => {
  it('throws at once, naming the bad option', () => {
    const bad = (options: object, option: string): void => {
      let thrown: unknown;
      try {
        void openSession({ name: 'Alice', keyStore: memoryKeyStore(), ...options } as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SessionOptionError);
      expect((thrown as SessionOptionError).option).toBe(option);
      expect((thrown as Error).message).toContain(`\`${option}\``);
    };
    bad({ name: 'x' }, 'name');
    bad({ name: 'no spaces' }, 'name');
    bad({ authorityUrl: 'ftp://example.com' }, 'authorityUrl');
    bad({ bootstrapIntervalMs: 0 }, 'bootstrapIntervalMs');
    bad({ maxLinks: 1.5 }, 'maxLinks');
    bad({ dht: 'yes' }, 'dht');
    bad({ keyStore: {} }, 'keyStore');
    bad({ clock: { now: () => 0 } }, 'clock');
    bad({ openTransport: 'peerjs' }, 'openTransport');
    bad({ iceServers: 'stun:x' }, 'iceServers');
    bad({ colour: 'red' }, 'colour');
  });
});
