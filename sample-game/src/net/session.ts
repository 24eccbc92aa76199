/**
 * The page's networking, driven by timers and transport events (never by the render loop):
 * register, open the PeerJS peer on the authority's signalling server, poll `/api/bootstrap` and
 * connect to the peers it lists, run the certificate handshake, and greet every verified peer
 * with a signed note. A DHT node beside the handshake publishes our certificates, looks up every
 * peer's, and checks bans: a banned peer's messages are dropped (see `trust.ts`, `ban-gate.ts`).
 */
import type { AppError } from '../debug-handle';
import type { GameModel } from '../model';
import { AuthorityClock } from './authority-clock';
import { BanGate } from './ban-gate';
import { createDht, joinAndPublish } from './dht';
import { type Identity, register } from './identity';
import {
  AuthorityClient,
  createEd25519,
  createSigner,
  err,
  PEERJS_PATH,
  PeerDirectory,
  PeerJsTransport,
  type Result,
  SystemClock,
  sleep,
  type TransportError,
} from './lib';
import { Linker } from './linker';
import { PeerTrust } from './trust';

/** How often the bootstrap list is fetched. */
const BOOTSTRAP_INTERVAL_MS = 2_000;
/** Attempts to register our peer id on the signalling server, and the pause between them. */
const OPEN_ATTEMPTS = 4;
const OPEN_RETRY_MS = 2_000;
/** How often the bans of connected peers are checked again. */
const BAN_RECHECK_MS = 3_000;

/** Starts the session for `name`; every outcome lands in `model`. Resolves once connected or failed. */
export async function startSession(model: GameModel, name: string, signal: AbortSignal): Promise<void> {
  try {
    await run(model, name, signal);
  } catch (cause) {
    model.fail({ code: 'internal', message: `Unexpected failure: ${String(cause)}` });
  }
}

async function run(model: GameModel, name: string, signal: AbortSignal): Promise<void> {
  if (typeof RTCPeerConnection === 'undefined') {
    model.fail({ code: 'webrtc-unavailable', message: 'This browser cannot open peer-to-peer (WebRTC) connections.' });
    return;
  }
  model.setPhase('registering');
  const clock = new AuthorityClock();
  const client = new AuthorityClient({ baseUrl: '', clock });
  const ed = await createEd25519();
  const time = await client.getTime(signal);
  if (time.ok) clock.setOffset(time.value.offset);
  const registered = await register(client, ed, name, signal);
  if (!registered.ok) {
    model.fail(registered.error);
    return;
  }
  const identity = registered.value;
  model.setIdentity(identity.playerId, identity.name);
  model.setPhase('connecting');

  const opened = await openTransport(identity, signal);
  if (!opened.ok) {
    model.fail(opened.error);
    return;
  }
  const raw = opened.value;
  signal.addEventListener('abort', () => void raw.close(), { once: true });
  let trust: PeerTrust | undefined;
  const transport = new BanGate(raw, (peer) => trust?.isBanned(peer) ?? false);

  const directory = new PeerDirectory({
    transport,
    clock,
    ed,
    gameId: identity.gameId,
    authorityKey: identity.authorityKey,
    self: {
      id: identity.playerId,
      credentials: identity.credentials,
      signer: await createSigner(ed, identity.ring.sign),
    },
    signal,
  });
  const linker = new Linker({ transport, clock, self: identity.playerId });
  const dht = createDht(transport, clock, ed, identity, directory);
  signal.addEventListener('abort', () => dht.node.stop(), { once: true });
  const peerTrust = new PeerTrust(dht, model, identity.playerId, signal);
  trust = peerTrust;
  let transportErrors = 0;
  let bootstrapFailures = 0;
  let dhtJoined = 0;
  let dhtPublished = 0;
  model.setCounterSource(() => ({
    ...peerTrust.counters(),
    bannedDropped: transport.dropped,
    dhtJoined,
    dhtPublished,
    ...flatten(directory.counters()),
    wireAccepted: directory.wireCounters.accepted,
    wireDropped: directory.wireCounters.droppedTotal,
    transportErrors,
    bootstrapFailures,
    ...linker.counters(),
  }));

  transport.on('open', (peer) => {
    model.upsertPeer(peer, { connected: true });
    void peerTrust.checkBan(peer); // first contact
  });
  transport.on('close', (peer) => model.upsertPeer(peer, { connected: false, verified: false }));
  transport.on('error', () => {
    transportErrors++;
  });
  directory.on('verified', (peer) => {
    if (!peerTrust.onVerified(peer.id)) return; // banned: its hello is ignored
    model.upsertPeer(peer.id, { name: peer.name, verified: true, connected: true });
    void directory.sendNote(peer.id, `hello from ${identity.name}`);
  });
  directory.on('lost', (peer) => model.upsertPeer(peer.id, { verified: false }));
  directory.on('note', (note) => {
    if (peerTrust.isBanned(note.from)) return; // the gate drops it first; this is a second guard
    model.addNote({ from: note.from, fromName: note.name, text: note.text, verified: true, at: note.at });
  });
  directory.start();
  model.setPhase('connected');
  void joinAndPublish(dht, client, identity, signal).then((r) => {
    dhtJoined = r.joined ? 1 : 0;
    dhtPublished = r.published ? 1 : 0;
  });

  const poll = async (): Promise<void> => {
    if (signal.aborted) return;
    const peers = await client.getBootstrap(signal);
    if (peers.ok) {
      peerTrust.learn(peers.value);
      linker.connectAll(peers.value);
    } else bootstrapFailures++;
    if (!signal.aborted) clock.setTimeout(() => void poll(), BOOTSTRAP_INTERVAL_MS);
  };
  void poll();
  const recheck = (): void => {
    if (signal.aborted) return;
    peerTrust.recheck(transport.connectedPeers());
    clock.setTimeout(recheck, BAN_RECHECK_MS);
  };
  clock.setTimeout(recheck, BAN_RECHECK_MS);
  startTestNotes(directory, transport, identity.name, clock, signal);
}

/**
 * Test knob: `?noteEveryMs=N` sends a signed note to every connected peer every N ms (the e2e
 * tests use it to show a banned player's later notes are ignored).
 */
function startTestNotes(
  directory: PeerDirectory,
  transport: BanGate,
  name: string,
  clock: AuthorityClock,
  signal: AbortSignal,
): void {
  const every = Number(new URLSearchParams(window.location.search).get('noteEveryMs') ?? '');
  if (!Number.isFinite(every) || every < 250) return;
  let n = 0;
  const tick = (): void => {
    if (signal.aborted) return;
    n++;
    for (const peer of transport.connectedPeers()) {
      if (directory.peer(peer) !== undefined) void directory.sendNote(peer, `note ${n} from ${name}`);
    }
    clock.setTimeout(tick, every);
  };
  clock.setTimeout(tick, every);
}

async function openTransport(identity: Identity, signal: AbortSignal): Promise<Result<PeerJsTransport, AppError>> {
  const { hostname, port, protocol } = window.location;
  const secure = protocol === 'https:';
  const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  let lastError: TransportError | undefined;
  // A reload can race the signalling server dropping our previous socket (id still taken): retry.
  for (let attempt = 0; attempt < OPEN_ATTEMPTS && !signal.aborted; attempt++) {
    if (attempt > 0) await sleep(new SystemClock(), OPEN_RETRY_MS, signal).catch(() => undefined);
    const opened = await PeerJsTransport.create({
      id: identity.playerId,
      host: hostname,
      port: port === '' ? (secure ? 443 : 80) : Number(port),
      path: PEERJS_PATH,
      secure,
      // On one machine host candidates suffice; elsewhere PeerJS's default STUN/TURN servers apply.
      ...(local ? { config: { iceServers: [] } } : {}),
      signal,
    });
    if (opened.ok) return opened;
    lastError = opened.error;
  }
  const taken = (lastError?.cause as { type?: unknown } | undefined)?.type === 'unavailable-id';
  return err({
    code: 'signalling-failed',
    message: taken
      ? 'This player is already connected (is the game open in another tab?).'
      : `Cannot reach the peer-to-peer signalling server: ${lastError?.message ?? 'aborted'}`,
  });
}

function flatten(counters: ReturnType<PeerDirectory['counters']>): Record<string, number> {
  const { refusals, noteDrops, ...totals } = counters;
  const out: Record<string, number> = { ...totals };
  for (const [k, v] of Object.entries(refusals)) out[`refused.${k}`] = v;
  for (const [k, v] of Object.entries(noteDrops)) out[`noteDropped.${k}`] = v;
  return out;
}
