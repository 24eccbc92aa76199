import {
  type BanCertBody,
  type Cert,
  PEERJS_PATH,
  type PlayerCredentials,
  parseCertBody,
  playerIdFromSignKey,
} from '../auth';
import { type Clock, SystemClock } from '../clock';
import { createSigner, generateKeyRing } from '../crypto';
import { banRecord, certRecord, type DhtConfig, DhtNode, nodeIdFromSignKey, peerDirectoryAuthenticator } from '../dht';
import { PeerDirectory } from '../peers';
import { createNodePeerJsTransport } from '../transport/node';
import type { PeerJsTransport } from '../transport/peerjs/peerjs-transport';
import type { AuthorityContext } from './context';

/** Options of the authority's own DHT node (`createAuthorityServer({ dht })`). */
export interface AuthorityDhtOptions {
  /** ICE servers of its WebRTC links (default none: host candidates only, enough on loopback and public hosts). */
  readonly iceServers?: RTCIceServer[];
  /** DHT tunables (default: the library's; at most 32 open links). */
  readonly config?: Partial<DhtConfig>;
  /** Clock of the node's timers and certificate checks (default: the system clock). */
  readonly clock?: Clock;
  /** Lifetime of the node's own key certificate, ms (default 1 year; it restarts with the server). */
  readonly keyExpiryMs?: number;
}

/** The authority's DHT peer: the first bootstrap contact and the archival replica. */
export interface AuthorityDht {
  /** Its peer id (a player id of its own key, listed first by `/api/bootstrap`). */
  readonly peerId: string;
  readonly node: DhtNode;
  /** Publishes a ban certificate into the DHT (the node keeps and republishes it). */
  publishBan(cert: Cert, body: BanCertBody): void;
  /** Keeps a player's freshly issued certificates as an archival `cert` record. */
  archiveCredentials(playerId: string, credentials: PlayerCredentials): void;
  /** Stops the node and closes its transport. Idempotent. */
  close(): Promise<void>;
}

const YEAR = 365 * 24 * 3600 * 1000;

/**
 * Starts the authority's DHT node: a fresh key pair with certificates issued by the authority
 * itself, a Node PeerJS transport (WebRTC through @roamhq/wrtc) registered on the authority's
 * own signalling path over loopback, the signed-hello handshake, and a {@link DhtNode} in archive
 * mode (it keeps every valid permanent record sent to it and republishes them every interval).
 * Existing bans are loaded into it, and every later ban is published.
 */
export async function startAuthorityDht(
  ctx: AuthorityContext,
  port: number,
  options: AuthorityDhtOptions = {},
): Promise<AuthorityDht> {
  const clock = options.clock ?? new SystemClock();
  const ring = generateKeyRing();
  const peerId = playerIdFromSignKey(ring.sign.publicKey);
  const now = Math.floor(clock.now());
  const credentials: PlayerCredentials = {
    key: await ctx.issue({ t: 'key', id: peerId, exp: now + (options.keyExpiryMs ?? YEAR) }),
    identity: await ctx.issue({
      t: 'pk',
      id: peerId,
      name: 'authority-dht',
      sign: ring.sign.publicKey,
      box: ring.box.publicKey,
    }),
  };
  ctx.signalling.ownPeerId = peerId;
  const created = await createNodePeerJsTransport({
    id: peerId,
    host: '127.0.0.1',
    port,
    path: PEERJS_PATH,
    config: { iceServers: options.iceServers ?? [] },
  });
  if (!created.ok) {
    ctx.signalling.ownPeerId = undefined;
    throw created.error;
  }
  const transport: PeerJsTransport = created.value;
  const directory = new PeerDirectory({
    transport,
    clock,
    ed: ctx.ed,
    gameId: ctx.keys.gameId,
    authorityKey: ctx.keys.publicKey,
    self: { id: peerId, credentials, signer: await createSigner(ctx.ed, ring.sign) },
  });
  directory.start();
  const node = new DhtNode({
    transport,
    clock,
    nodeId: nodeIdFromSignKey(ring.sign.publicKey),
    authenticator: peerDirectoryAuthenticator(directory),
    ed: ctx.ed,
    authorityKey: ctx.keys.publicKey,
    archive: true,
    config: { maxConnections: 32, ...options.config },
  });
  node.start();
  // A player whose signalling socket closed has left (or lost its network): forget it at once, so
  // the bootstrap node stops handing it to newcomers, whose lookups would each wait to learn it
  // is gone. Its stored records stay; it is re-added when it next talks to us.
  const forget = ctx.signalling.onDisconnect((id) => node.routing.remove(id));
  const put = (what: string, run: () => Promise<{ ok: boolean; error?: { message: string } }>): void => {
    void run().then((r) => {
      if (!r.ok) ctx.logger.warn(`dht: could not publish ${what}: ${r.error?.message}`);
    });
  };
  const publishBan = (cert: Cert, body: BanCertBody): void =>
    put(`ban of ${body.id}`, () => node.put(banRecord(cert, body)).result);
  for (const ban of ctx.db.allBans()) {
    const body = parseCertBody(ban.cert.body);
    if (body.ok && body.value.t === 'ban') publishBan(ban.cert, body.value);
  }
  let closing: Promise<void> | undefined;
  return {
    peerId,
    node,
    publishBan,
    archiveCredentials(playerId, creds) {
      const body = parseCertBody(creds.key.body);
      if (!body.ok || body.value.t !== 'key') return;
      const exp = body.value.exp;
      // The player republishes its own certificate while it plays (the archive copy included):
      // the authority keeps it as archive without taking on an hourly lookup and k stores of its own.
      put(`certificates of ${playerId}`, () => node.put(certRecord(playerId, creds, exp), { republish: false }).result);
    },
    close() {
      closing ??= (async () => {
        if (ctx.signalling.ownPeerId === peerId) ctx.signalling.ownPeerId = undefined;
        forget();
        node.stop();
        directory.stop();
        await transport.close();
      })();
      return closing;
    },
  };
}
