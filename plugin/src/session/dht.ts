/**
 * The player's DHT node: beside the handshake on the same (ban-gated) transport, authenticated
 * by the signed hello, joined through the authority, with our certificates published after join.
 */
import type { AuthorityClient } from '../auth/client';
import type { PlayerCredentials } from '../auth/player';
import type { Clock } from '../clock/clock';
import type { Ed25519 } from '../crypto/ed25519';
import { BanChecker } from '../dht/directory/ban-checker';
import { CertDirectory } from '../dht/directory/cert-directory';
import { nodeIdFromSignKey } from '../dht/ids';
import { peerDirectoryAuthenticator } from '../dht/network/authenticator';
import { DhtNode } from '../dht/node';
import { joinThroughAuthority } from '../dht/operations/join-authority';
import type { PeerDirectory } from '../peers/directory';
import type { Rng } from '../rng/rng';
import type { Transport } from '../transport/transport';
import { BAN_TTL_MS, CERT_MISSING_TTL_MS } from './trust';

/** The DHT node and the certificate and ban directories over it. */
export interface SessionDht {
  readonly node: DhtNode;
  readonly certs: CertDirectory;
  readonly bans: BanChecker;
}

/** Creates and starts the DHT node (not joined yet: see {@link joinAndPublish}). */
export function createDht(params: {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly ed: Ed25519;
  readonly rng: Rng;
  readonly signPublicKey: Uint8Array;
  readonly authorityKey: Uint8Array;
  readonly directory: PeerDirectory;
}): SessionDht {
  const { clock } = params;
  const node = new DhtNode({
    transport: params.transport,
    clock,
    nodeId: nodeIdFromSignKey(params.signPublicKey),
    authenticator: peerDirectoryAuthenticator(params.directory),
    ed: params.ed,
    authorityKey: params.authorityKey,
    rng: params.rng,
  });
  node.start();
  return {
    node,
    certs: new CertDirectory({ dht: node, clock, negativeTtlMs: CERT_MISSING_TTL_MS }),
    bans: new BanChecker({ dht: node, clock, ttlMs: BAN_TTL_MS }),
  };
}

/** Joins through the authority's bootstrap list (unless already joined), then publishes our certificates. */
export async function joinAndPublish(params: {
  readonly dht: SessionDht;
  readonly client: AuthorityClient;
  readonly playerId: string;
  readonly credentials: PlayerCredentials;
  readonly joined: boolean;
  readonly signal: AbortSignal;
}): Promise<{ joined: boolean; published: boolean }> {
  const { dht, signal } = params;
  if (!params.joined) {
    const joined = await joinThroughAuthority(dht.node, params.client, { signal });
    if (!joined.ok) return { joined: false, published: false };
  }
  const published = await dht.certs.publish(params.playerId, params.credentials, { signal });
  return { joined: true, published: published.ok };
}
