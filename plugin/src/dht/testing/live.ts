/**
 * Helpers for tests on real WebRTC (PeerJS in Node): a player with real-time certificates, and a
 * DHT node on a PeerJS transport authenticated by the signed hello handshake.
 */
import { issueCert, type PlayerCredentials, playerIdFromSignKey } from '../../auth';
import type { Clock } from '../../clock';
import { createSigner, type Ed25519, generateKeyRing, type KeyRing, type SignKeyPair } from '../../crypto';
import { PeerDirectory } from '../../peers';
import { createNodePeerJsTransport } from '../../transport/node';
import type { PeerJsTransport } from '../../transport/peerjs/peerjs-transport';
import type { DhtConfig } from '../config';
import { nodeIdFromSignKey } from '../ids';
import { peerDirectoryAuthenticator } from '../network/authenticator';
import { DhtNode } from '../node';

/** A player certified by `authority` for an hour from now. */
export async function livePlayer(
  ed: Ed25519,
  authority: SignKeyPair,
  clock: Clock,
  name: string,
): Promise<{ id: string; ring: KeyRing; credentials: PlayerCredentials }> {
  const ring = generateKeyRing();
  const id = playerIdFromSignKey(ring.sign.publicKey);
  const exp = Math.floor(clock.now()) + 3600_000;
  const credentials = {
    key: await issueCert(ed, authority.secretKey, { t: 'key', id, exp }),
    identity: await issueCert(ed, authority.secretKey, {
      t: 'pk',
      id,
      name,
      sign: ring.sign.publicKey,
      box: ring.box.publicKey,
    }),
  };
  return { id, ring, credentials };
}

/** A live DHT peer: PeerJS transport, hello handshake, DHT node. */
export interface LivePeer {
  readonly id: string;
  readonly credentials: PlayerCredentials;
  readonly transport: PeerJsTransport;
  readonly directory: PeerDirectory;
  readonly node: DhtNode;
  close(): Promise<void>;
}

/**
 * Joins `peer` through `via`, retrying a few times: on real WebRTC a hello is occasionally lost
 * as a link opens, and the far side then ignores our requests until the handshake times out and
 * the link is redialled (a real client retries its join the same way).
 */
export async function joinLive(peer: LivePeer, via: readonly string[], attempts = 4): Promise<void> {
  let last = '';
  for (let i = 0; i < attempts; i++) {
    const r = await peer.node.bootstrap(via);
    if (r.ok) return;
    last = `${r.error.code}: ${r.error.message}`;
  }
  throw new Error(`${peer.id} could not join: ${last}`);
}

/** Starts a DHT node for `player` on a PeerJS signalling server. */
export async function startLivePeer(params: {
  readonly player: { id: string; ring: KeyRing; credentials: PlayerCredentials };
  readonly signalling: { host: string; port: number; path: string };
  readonly ed: Ed25519;
  readonly clock: Clock;
  readonly gameId: string;
  readonly authorityKey: Uint8Array;
  readonly archivePeers?: readonly string[];
  readonly config?: Partial<DhtConfig>;
}): Promise<LivePeer> {
  const { player, ed, clock } = params;
  const created = await createNodePeerJsTransport({
    id: player.id,
    ...params.signalling,
    config: { iceServers: [] },
    connectTimeoutMs: 10_000,
  });
  if (!created.ok) throw created.error;
  const transport = created.value;
  const directory = new PeerDirectory({
    transport,
    clock,
    ed,
    gameId: params.gameId,
    authorityKey: params.authorityKey,
    self: { id: player.id, credentials: player.credentials, signer: await createSigner(ed, player.ring.sign) },
    // A link whose handshake stalls (a hello lost as the link opened) is closed and redialled sooner.
    handshakeTimeoutMs: 3000,
  });
  directory.start();
  const node = new DhtNode({
    transport,
    clock,
    nodeId: nodeIdFromSignKey(player.ring.sign.publicKey),
    authenticator: peerDirectoryAuthenticator(directory),
    ed,
    authorityKey: params.authorityKey,
    archivePeers: params.archivePeers,
    config: { maxConnections: 8, rpcTimeoutMs: 5000, connectTimeoutMs: 15_000, ...params.config },
  });
  node.start();
  return {
    id: player.id,
    credentials: player.credentials,
    transport,
    directory,
    node,
    async close() {
      node.stop();
      directory.stop();
      await transport.close();
    },
  };
}
