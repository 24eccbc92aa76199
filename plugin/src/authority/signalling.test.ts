import type { Peer as PeerJsPeer } from 'peerjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEERJS_PATH } from '../auth';
import { createEd25519, type Ed25519, generateKeyRing } from '../crypto';
import { installNodeWebRtcGlobals } from '../transport/node/globals';
import type { AuthorityServer } from './options';
import { removeDir, startTestServer } from './testing';

type PeerConstructor = typeof PeerJsPeer;
let Peer: PeerConstructor;
let ed: Ed25519;
let server: AuthorityServer;
let dataDir: string;
const peers: PeerJsPeer[] = [];

beforeAll(async () => {
  installNodeWebRtcGlobals();
  // Node's CommonJS bundle exposes the class as `default.Peer` (the shared FACTS.md of this workplace); bundlers as `Peer`.
  const mod = (await import('peerjs')) as unknown as { Peer?: PeerConstructor; default?: { Peer?: PeerConstructor } };
  const found = mod.Peer ?? mod.default?.Peer;
  if (found === undefined) throw new Error('peerjs exports no Peer');
  Peer = found;
  ed = await createEd25519();
  ({ server, dataDir } = await startTestServer());
});

afterAll(async () => {
  for (const p of peers) p.destroy();
  await server.close();
  removeDir(dataDir);
});

/** Connects a PeerJS client the way browsers will: `{ host, port, path: '/peerjs' }`. */
function connect(id: string): Promise<{ peer: PeerJsPeer; opened: boolean; error?: string }> {
  const peer = new Peer(id, {
    host: '127.0.0.1',
    port: server.port,
    path: PEERJS_PATH,
    secure: false,
    debug: 0,
    config: { iceServers: [] },
  });
  peers.push(peer);
  return new Promise((resolve) => {
    peer.on('open', () => resolve({ peer, opened: true }));
    peer.on('error', (e) => resolve({ peer, opened: false, error: `${e.type}: ${e.message}` }));
  });
}

async function register(name: string): Promise<string> {
  const { AuthorityClient } = await import('../auth');
  const r = await new AuthorityClient({ baseUrl: server.url }).register({ name, ring: generateKeyRing(), ed });
  if (!r.ok) throw r.error;
  return r.value.playerId;
}

async function bootstrap(): Promise<string[]> {
  const res = await fetch(`${server.url}/api/bootstrap`);
  return ((await res.json()) as { peers: string[] }).peers;
}

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('PeerJS signalling at /peerjs', () => {
  it('admits registered players and lists them for bootstrap, newest first after the own peer', async () => {
    const a = await register('PeerA');
    const b = await register('PeerB');
    expect((await connect(a)).opened).toBe(true);
    expect((await connect(b)).opened).toBe(true);
    expect(await bootstrap()).toEqual([b, a]);
    server.setOwnPeerId('authority-dht');
    expect(await bootstrap()).toEqual(['authority-dht', b, a]);
    server.setOwnPeerId(undefined);
  });

  it('admits the own peer id without an account', async () => {
    server.setOwnPeerId('authority-dht-2');
    const own = await connect('authority-dht-2');
    expect(own.opened).toBe(true);
    own.peer.destroy();
    server.setOwnPeerId(undefined);
  });

  it('refuses ids that are not registered players', async () => {
    const r = await connect('f'.repeat(32));
    expect(r).toMatchObject({ opened: false, error: 'server-error: peer id is not a registered player' });
  });

  it('drops a peer when it leaves', async () => {
    const c = await register('PeerC');
    const { peer } = await connect(c);
    expect(await bootstrap()).toContain(c);
    peer.destroy();
    await eventually(async () => !(await bootstrap()).includes(c));
  });

  it('disconnects a player when it is banned and refuses it afterwards', async () => {
    const m = await register('PeerM');
    const { peer } = await connect(m);
    const kicked = new Promise<string>((resolve) => peer.on('error', (e) => resolve(e.message)));
    await server.ban(m, 'test');
    expect(await kicked).toBe('banned');
    await eventually(async () => !(await bootstrap()).includes(m));
    const again = await connect(m);
    expect(again).toMatchObject({ opened: false, error: 'server-error: player is banned' });
  });
});

describe('closing', () => {
  it("stops the peer package's housekeeping timers", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const other = await startTestServer();
    expect(timers()).toBeGreaterThanOrEqual(before + 2);
    await other.server.close();
    removeDir(other.dataDir);
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
