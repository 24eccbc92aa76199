/**
 * The same node code over real WebRTC in Node (PeerJS + @roamhq/wrtc): five players on a local
 * signalling server, links authenticated by the signed hello, certificates and a ban found
 * through the DHT. Kept small: every WebRTC connection costs file descriptors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCert } from '../auth';
import { SystemClock } from '../clock';
import { createEd25519, type Ed25519, generateSignKeyPair, type SignKeyPair } from '../crypto';
import { type LocalPeerServer, startPeerServer } from '../transport/node';
import { BanChecker } from './directory/ban-checker';
import { CertDirectory } from './directory/cert-directory';
import { banRecord } from './records/validators/ban';
import { joinLive, type LivePeer, livePlayer, startLivePeer } from './testing/live';

const clock = new SystemClock();
let server: LocalPeerServer;
let ed: Ed25519;
let authority: SignKeyPair;
const peers: LivePeer[] = [];
/** Per peer, the ids whose hello it verified (recorded from the start). */
const verified: Set<string>[] = [];

beforeAll(async () => {
  server = await startPeerServer({ expireTimeoutMs: 1000 });
  ed = await createEd25519();
  authority = generateSignKeyPair();
  for (const name of ['Ada', 'Bert', 'Cleo', 'Dora', 'Emil']) {
    const player = await livePlayer(ed, authority, clock, name);
    peers.push(
      await startLivePeer({
        player,
        signalling: { host: server.host, port: server.port, path: server.path },
        ed,
        clock,
        gameId: 'webrtc-test',
        authorityKey: authority.publicKey,
      }),
    );
    const seen = new Set<string>();
    verified.push(seen);
    peers.at(-1)!.directory.on('verified', (v) => seen.add(v.id));
  }
  for (const p of peers.slice(1)) await joinLive(p, [peers[0]!.id]);
}, 90_000);

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await server.close();
});

describe('DHT over real WebRTC', () => {
  it('joins through one peer; only peers whose hello verified enter routing tables', () => {
    for (const [i, p] of peers.entries()) {
      expect(p.node.routing.size).toBeGreaterThanOrEqual(1);
      for (const c of p.node.routing.contacts()) expect(verified[i]!.has(c.id)).toBe(true);
      expect(p.node.counters().drops['inconsistent-id']).toBe(0);
    }
  });

  it('finds the certificates a player published, and refuses them under another id', async () => {
    const alice = peers[1]!;
    const mine = new CertDirectory({ dht: alice.node, clock });
    expect((await mine.publish(alice.id, alice.credentials)).ok).toBe(true);
    const found = await new CertDirectory({ dht: peers[4]!.node, clock }).lookup(alice.id);
    expect(found.ok && found.value.name).toBe('Bert');
    const impostor = await mine.publish(peers[2]!.id, alice.credentials);
    expect(!impostor.ok && impostor.error.code).toBe('invalid-record');
  }, 30_000);

  it('stores and reads certificate and ban records between peers', async () => {
    const bob = await livePlayer(ed, authority, clock, 'Bobby');
    const certs = new CertDirectory({ dht: peers[2]!.node, clock });
    expect((await certs.publish(bob.id, bob.credentials)).ok).toBe(true);
    const found = await new CertDirectory({ dht: peers[3]!.node, clock }).lookup(bob.id);
    expect(found.ok && found.value.name).toBe('Bobby');
    const at = Math.floor(clock.now());
    const cert = await issueCert(ed, authority.secretKey, { t: 'ban', id: bob.id, reason: 'aimbot', at });
    expect((await peers[0]!.node.put(banRecord(cert, { t: 'ban', id: bob.id, reason: 'aimbot', at })).result).ok).toBe(
      true,
    );
    const status = await new BanChecker({ dht: peers[4]!.node, clock }).check(bob.id);
    expect(status.ok && status.value.banned).toBe(true);
  }, 30_000);
});
