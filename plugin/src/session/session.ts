/**
 * A player's running session, driven by timers and transport events (never by a render loop):
 * polls `/api/bootstrap` and links to the peers it lists, runs the certificate handshake, greets
 * every verified peer with a signed note, keeps a DHT node beside the handshake, checks bans on
 * first contact and every few seconds, and submits cheat proofs to the authority.
 */
import type { AuthorityClient } from '../auth/client';
import type { PlayerCredentials } from '../auth/player';
import type { Clock, TimerHandle } from '../clock/clock';
import type { Ed25519 } from '../crypto/ed25519';
import type { Signer } from '../crypto/signer';
import type { VerifiedBan } from '../dht';
import type { BanChecker } from '../dht/directory/ban-checker';
import type { CertDirectory } from '../dht/directory/cert-directory';
import type { DhtNode } from '../dht/node';
import type { FoundProof } from '../neo/events';
import type { Membership } from '../neo/options';
import { PeerDirectory } from '../peers/directory';
import { Emitter } from '../peers/emitter';
import type { Rng } from '../rng/rng';
import type { PeerId, Transport } from '../transport/transport';
import { BanGate } from './ban-gate';
import { createDht, joinAndPublish, type SessionDht } from './dht';
import { Linker } from './linker';
import type { ResolvedSessionOptions } from './options';
import { PeerTable } from './peer-table';
import { ProofReporter } from './proof-reporter';
import type { Identity } from './register';
import type { SessionClock } from './session-clock';
import { PeerTrust } from './trust';
import type { Session, SessionEvents, SessionPeer } from './types';

/** How often the bans of connected peers are checked again (and their round trips measured), ms. */
export const BAN_RECHECK_MS = 3_000;
/** A linked peer whose certificate the DHT did not have yet is looked up again at most this often (every re-check). */
export const CERT_LOOKUP_TRIES = 5;
/** Pause before a failed DHT join (or certificate publication) is tried again, ms. */
export const DHT_RETRY_MS = 10_000;

/** What {@link PlayerSession} is built from (see `open.ts`). */
export interface SessionParts {
  readonly identity: Identity;
  readonly options: ResolvedSessionOptions;
  /** Synchronised by the authority's samples and, once started here, the peers'. */
  readonly clock: SessionClock;
  readonly client: AuthorityClient;
  readonly ed: Ed25519;
  readonly signer: Signer;
  readonly transport: Transport;
}

/** The {@link Session} implementation. Build it with `openSession`. */
export class PlayerSession implements Session {
  readonly playerId: PeerId;
  readonly gameId: string;
  readonly name: string;
  readonly returning: boolean;
  readonly authorityKey: Uint8Array;
  readonly credentials: PlayerCredentials;
  readonly authority: AuthorityClient;
  readonly transport: BanGate;
  /** The synchronised clock (authority and peer samples). */
  readonly clock: Clock;
  readonly rng: Rng;
  readonly ed: Ed25519;
  readonly signer: Signer;
  readonly directory: PeerDirectory;
  readonly dht: DhtNode;
  readonly certs: CertDirectory;
  readonly bans: BanChecker;
  readonly membership: Membership;
  readonly #dht: SessionDht;
  readonly #useDht: boolean;
  readonly #intervalMs: number;
  readonly #abort = new AbortController();
  readonly #emitter = new Emitter<SessionEvents>();
  readonly #table: PeerTable;
  readonly #banned = new Set<PeerId>();
  readonly #trust: PeerTrust;
  readonly #linker: Linker;
  readonly #timers = new Set<TimerHandle>();
  readonly #rtt = new Map<PeerId, number>();
  readonly #sync: SessionClock;
  readonly #certLookups = new Map<PeerId, number>();
  readonly #pinging = new Set<PeerId>();
  readonly #reporter: ProofReporter;
  readonly #counts = {
    transportErrors: 0,
    bootstrapFailures: 0,
    /** Times the session (re)started polling `/api/bootstrap`: at start, and when its last link closed. */
    bootstrapPollStarts: 0,
    /** `/api/bootstrap` requests made. */
    bootstrapPolls: 0,
    dhtJoined: 0,
    dhtPublished: 0,
  };
  #joining: Promise<void> | undefined;
  #nextJoinAt = 0;
  #polling = false;
  #closing: Promise<void> | undefined;
  #offSignal: (() => void) | undefined;

  constructor(parts: SessionParts) {
    const { identity, options } = parts;
    const clock = parts.clock.clock;
    this.#sync = parts.clock;
    this.playerId = identity.playerId;
    this.gameId = identity.gameId;
    this.name = identity.name;
    this.returning = identity.returning;
    this.authorityKey = identity.authorityKey;
    this.credentials = identity.credentials;
    this.authority = parts.client;
    this.clock = clock;
    this.rng = options.rng;
    this.ed = parts.ed;
    this.signer = parts.signer;
    this.#useDht = options.dht;
    this.#intervalMs = options.bootstrapIntervalMs;
    const signal = this.#abort.signal;
    this.transport = new BanGate(parts.transport, (peer) => this.#banned.has(peer));
    this.#table = new PeerTable((peer) => this.#emitter.emit('peer', peer));
    this.directory = new PeerDirectory({
      transport: this.transport,
      clock,
      ed: this.ed,
      gameId: this.gameId,
      authorityKey: this.authorityKey,
      self: { id: this.playerId, credentials: this.credentials, signer: this.signer },
      signal,
    });
    this.#dht = createDht({
      transport: this.transport,
      clock,
      ed: this.ed,
      rng: this.rng.fork(),
      signPublicKey: identity.ring.sign.publicKey,
      authorityKey: this.authorityKey,
      directory: this.directory,
    });
    this.dht = this.#dht.node;
    this.certs = this.#dht.certs;
    this.bans = this.#dht.bans;
    this.#trust = new PeerTrust({
      certs: this.certs,
      bans: this.bans,
      table: this.#table,
      self: this.playerId,
      signal,
      isBanned: (peer) => this.#banned.has(peer),
      onBan: (peer, ban) => this.#markBanned(peer, ban),
    });
    this.#linker = new Linker({
      transport: this.transport,
      clock,
      self: this.playerId,
      skip: (peer) => this.#banned.has(peer),
      maxLinks: options.maxLinks,
      signal,
    });
    this.#reporter = new ProofReporter({
      authority: this.authority,
      ed: this.ed,
      authorityKey: this.authorityKey,
      signal,
      isBanned: (peer) => this.#banned.has(peer),
      banned: (ban) => {
        this.#markBanned(ban.body.id, ban);
        // The authority publishes every ban; publishing too makes it reach our neighbours sooner.
        if (this.#useDht) void this.bans.publish(ban.cert, ban.body);
      },
    });
    const ownKey = identity.ring.sign.publicKey;
    this.membership = {
      publicKeyOf: (id) => {
        if (id === this.playerId) return ownKey;
        if (this.#banned.has(id)) return undefined;
        return this.directory.peer(id)?.sign ?? this.certs.cached(id)?.sign;
      },
      isAuthenticated: (id) => !this.#banned.has(id) && this.directory.peer(id) !== undefined,
    };
    this.#wire();
    const outer = options.signal;
    if (outer !== undefined) {
      const onAbort = (): void => void this.close();
      outer.addEventListener('abort', onAbort, { once: true });
      this.#offSignal = () => outer.removeEventListener('abort', onAbort);
    }
  }

  /** Starts the handshake, the bootstrap polling and the periodic checks. */
  start(): void {
    if (this.#abort.signal.aborted) return;
    this.directory.start();
    this.#sync.start(this.transport, (peer) => this.directory.peer(peer) !== undefined);
    this.#startPolling();
    this.#later(() => this.#recheck(), BAN_RECHECK_MS);
  }

  /** Joins the DHT and publishes our certificates (once at a time); a failure is retried later. */
  joinDht(): Promise<void> {
    if (!this.#useDht || this.#abort.signal.aborted || this.#counts.dhtPublished === 1) return Promise.resolve();
    this.#joining ??= joinAndPublish({
      dht: this.#dht,
      client: this.authority,
      playerId: this.playerId,
      credentials: this.credentials,
      joined: this.#counts.dhtJoined === 1,
      signal: this.#abort.signal,
    }).then((r) => {
      this.#joining = undefined;
      this.#counts.dhtJoined = r.joined ? 1 : 0;
      this.#counts.dhtPublished = r.published ? 1 : 0;
      if (!r.published) this.#nextJoinAt = this.clock.now() + DHT_RETRY_MS;
    });
    return this.#joining;
  }

  isBanned(id: PeerId): boolean {
    return this.#banned.has(id);
  }

  onBan(listener: (id: PeerId) => void): () => void {
    return this.#emitter.on('banned', listener);
  }

  reportProof(proof: FoundProof): void {
    void this.#reporter.report(proof);
  }

  peers(): readonly SessionPeer[] {
    return this.#table.all();
  }

  on<E extends keyof SessionEvents>(event: E, fn: SessionEvents[E]): () => void {
    return this.#emitter.on(event, fn);
  }

  counters(): Record<string, number> {
    const { refusals, noteDrops, ...totals } = this.directory.counters();
    const out: Record<string, number> = {
      ...this.#trust.counters(),
      bannedPeers: this.#banned.size,
      bannedDropped: this.transport.dropped,
      ...this.#counts,
      ...this.#reporter.counts,
      ...totals,
      wireAccepted: this.directory.wireCounters.accepted,
      wireDropped: this.directory.wireCounters.droppedTotal,
      ...this.#linker.counters(),
      ...this.#sync.counters,
      clockOffsetMs: Math.round(this.#sync.clock.offset()),
    };
    for (const [k, v] of Object.entries(refusals)) out[`refused.${k}`] = v;
    for (const [k, v] of Object.entries(noteDrops)) out[`noteDropped.${k}`] = v;
    return out;
  }

  rttTo(id: PeerId): number | undefined {
    return this.#rtt.get(id);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#abort.abort();
      this.#sync.stop();
      this.#offSignal?.();
      for (const t of this.#timers) this.clock.clearTimeout(t);
      this.#timers.clear();
      this.directory.stop();
      this.dht.stop();
      this.#emitter.clear();
      await this.transport.close();
    })();
    return this.#closing;
  }

  #wire(): void {
    const t = this.transport;
    t.on('open', (peer) => {
      this.#table.upsert(peer, { connected: true });
      // First contact: its certificate is looked up in the DHT too (cross-checking its hello)
      // and its ban checked; players linked later are not named by a bootstrap poll any more.
      if (this.#useDht) this.#trust.learn([peer]);
    });
    t.on('close', (peer) => {
      this.#rtt.delete(peer);
      this.#certLookups.delete(peer);
      this.#table.upsert(peer, { connected: false, verified: false });
      if (t.connectedPeers().length === 0) this.#startPolling();
    });
    t.on('error', () => {
      this.#counts.transportErrors++;
    });
    const d = this.directory;
    d.on('verified', (peer) => {
      const admitted = this.#useDht ? this.#trust.onVerified(peer.id) : !this.#banned.has(peer.id);
      if (!admitted) return; // banned: its hello is ignored
      this.#table.upsert(peer.id, { name: peer.name, verified: true, connected: true });
      void d.sendNote(peer.id, `hello from ${this.name}`);
    });
    d.on('lost', (peer) => this.#table.upsert(peer.id, { verified: false }));
    d.on('note', (note) => {
      if (this.#banned.has(note.from)) return; // the gate drops it first; this is a second guard
      this.#emitter.emit('note', { from: note.from, name: note.name, text: note.text, at: note.at });
    });
  }

  /** Runs `fn` after `ms` unless the session closed; the handle is dropped once it fired. */
  #later(fn: () => void, ms: number): void {
    if (this.#abort.signal.aborted) return;
    const handle = this.clock.setTimeout(() => {
      this.#timers.delete(handle);
      if (!this.#abort.signal.aborted) fn();
    }, ms);
    this.#timers.add(handle);
  }

  async #poll(): Promise<void> {
    const signal = this.#abort.signal;
    this.#counts.bootstrapPolls++;
    const peers = await this.authority.getBootstrap(signal);
    if (signal.aborted) return;
    if (peers.ok) {
      if (this.#useDht) this.#trust.learn(peers.value);
      this.#linker.connectAll(peers.value);
    } else this.#counts.bootstrapFailures++;
    if (
      this.#useDht &&
      this.#joining === undefined &&
      this.#counts.dhtPublished === 0 &&
      this.clock.now() >= this.#nextJoinAt
    ) {
      void this.joinDht();
    }
    // Once in the DHT and linked, players find each other through it and through their groups:
    // polling the authority on (every 2 s, 1,800 requests an hour per player) would make it the
    // busiest part of the game. Polling starts again when the last link closes.
    if ((!this.#useDht || this.#counts.dhtPublished > 0) && this.transport.connectedPeers().length > 0) {
      this.#polling = false;
      return;
    }
    this.#later(() => void this.#poll(), this.#intervalMs);
  }

  /** Polls `/api/bootstrap` until the session is in the DHT and linked (idempotent while polling). */
  #startPolling(): void {
    if (this.#polling || this.#abort.signal.aborted) return;
    this.#polling = true;
    this.#counts.bootstrapPollStarts++;
    void this.#poll();
  }

  #recheck(): void {
    const connected = this.transport.connectedPeers();
    if (this.#useDht) {
      this.#trust.recheck(connected);
      // A peer met before its certificate reached the DHT is looked up again, a few times.
      const missing = connected.filter((p) => this.#table.get(p)?.dhtName == null && this.#certTries(p));
      if (missing.length > 0) this.#trust.learn(missing);
    }
    for (const peer of connected) {
      if (this.directory.peer(peer) === undefined) continue;
      void this.#ping(peer);
      this.#sync.ping(this.transport, peer);
    }
    this.#later(() => this.#recheck(), BAN_RECHECK_MS);
  }

  /** Whether `peer`'s certificate may be looked up once more (at most {@link CERT_LOOKUP_TRIES} times). */
  #certTries(peer: PeerId): boolean {
    const n = this.#certLookups.get(peer) ?? 0;
    if (n >= CERT_LOOKUP_TRIES) return false;
    this.#certLookups.set(peer, n + 1);
    return true;
  }

  async #ping(peer: PeerId): Promise<void> {
    if (this.#pinging.has(peer) || this.#banned.has(peer)) return;
    this.#pinging.add(peer);
    const r = await this.dht.ping(peer); // ended by the node's stop on close
    this.#pinging.delete(peer);
    if (r.ok && this.transport.isConnected(peer)) this.#rtt.set(peer, r.value);
  }

  #markBanned(peer: PeerId, ban: VerifiedBan | undefined): void {
    if (peer === this.playerId || this.#banned.has(peer) || this.#abort.signal.aborted) return;
    this.#banned.add(peer);
    if (ban !== undefined) this.bans.remember(ban);
    this.#rtt.delete(peer);
    this.#table.upsert(peer, { banned: true, verified: false });
    this.#emitter.emit('banned', peer);
  }
}
