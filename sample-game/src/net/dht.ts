/**
 * The page's DHT node: beside the PeerDirectory on the same (ban-gated) transport, authenticated
 * by the signed hello, joined through the authority, with our certificates published after join.
 */
import type { Identity } from './identity';
import {
  type AuthorityClient,
  BanChecker,
  CertDirectory,
  type Clock,
  DhtNode,
  type Ed25519,
  joinThroughAuthority,
  nodeIdFromSignKey,
  type PeerDirectory,
  peerDirectoryAuthenticator,
  type Transport,
} from './lib';

/** How long "not banned" is believed (the periodic re-check then asks the DHT again). */
export const BAN_TTL_MS = 2_500;
/** How long "no certificate record" is believed before a new lookup. */
const CERT_MISSING_TTL_MS = 2_000;

/** The DHT node and the certificate and ban directories over it. */
export interface GameDht {
  readonly node: DhtNode;
  readonly certs: CertDirectory;
  readonly bans: BanChecker;
}

/** Creates and starts the DHT node (not joined yet: see {@link joinAndPublish}). */
export function createDht(
  transport: Transport,
  clock: Clock,
  ed: Ed25519,
  identity: Identity,
  directory: PeerDirectory,
): GameDht {
  const node = new DhtNode({
    transport,
    clock,
    nodeId: nodeIdFromSignKey(identity.ring.sign.publicKey),
    authenticator: peerDirectoryAuthenticator(directory),
    ed,
    authorityKey: identity.authorityKey,
  });
  node.start();
  return {
    node,
    certs: new CertDirectory({ dht: node, clock, negativeTtlMs: CERT_MISSING_TTL_MS }),
    bans: new BanChecker({ dht: node, clock, ttlMs: BAN_TTL_MS }),
  };
}

/** Joins through the authority's bootstrap list, then publishes our certificates. */
export async function joinAndPublish(
  dht: GameDht,
  client: AuthorityClient,
  identity: Identity,
  signal: AbortSignal,
): Promise<{ joined: boolean; published: boolean }> {
  const joined = await joinThroughAuthority(dht.node, client, { signal });
  if (!joined.ok) return { joined: false, published: false };
  const published = await dht.certs.publish(identity.playerId, identity.credentials, { signal });
  return { joined: true, published: published.ok };
}
