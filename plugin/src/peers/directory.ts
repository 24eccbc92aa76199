import type { Clock, TimerHandle } from '../clock';
import type { PeerId, Transport } from '../transport/transport';
import { toHex } from '../util/bytes';
import { err, ok, type Result } from '../util/result';
import { decodeCounted, type Hello, MessageType, type Note, tryEncodeMessage, WireCounters } from '../wire';
import { type CheckContext, checkHello, checkNote } from './checks';
import { Emitter } from './emitter';
import { helloSigningBytes, noteSigningBytes } from './signing';
import {
  HelloRefusal,
  type LocalPlayer,
  NoteDrop,
  type PeerCounters,
  type PeerDirectoryEvents,
  type PeerDirectoryOptions,
  PeerError,
  PeerErrorCode,
  type VerifiedPeer,
} from './types';

/** One open link and what we know about its peer. */
interface LinkState {
  /** Messages of this link are handled one after another (verification is async). */
  queue: Promise<void>;
  verified: VerifiedPeer | undefined;
  timer: TimerHandle | undefined;
  /** Signatures of recent notes (hex -> their `at`), to drop replays. */
  readonly seenNotes: Map<string, number>;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The peer handshake over a {@link Transport}. When a link opens, each side sends a `hello`
 * with its certificates, signed over `["hello", gameId, from, to, at]`; the other side checks
 * it against the pinned authority key and marks the peer verified (per link: a new link needs a
 * new hello). Signed notes travel only between verified peers. Bad input is dropped and
 * counted, never thrown. See `plugin/spec/peers.md`.
 */
export class PeerDirectory {
  readonly #transport: Transport;
  readonly #clock: Clock;
  readonly #self: LocalPlayer;
  readonly #options: PeerDirectoryOptions;
  readonly #maxSkewMs: number;
  readonly #handshakeTimeoutMs: number;
  readonly #links = new Map<PeerId, LinkState>();
  readonly #emitter = new Emitter<PeerDirectoryEvents>();
  readonly #unsubscribe: (() => void)[] = [];
  readonly #counters: PeerCounters = {
    hellosSent: 0,
    hellosReceived: 0,
    peersVerified: 0,
    hellosRefused: 0,
    handshakeTimeouts: 0,
    notesSent: 0,
    notesReceived: 0,
    notesDropped: 0,
    sendErrors: 0,
    otherMessages: 0,
    refusals: zeroes(Object.values(HelloRefusal)),
    noteDrops: zeroes(Object.values(NoteDrop)),
  };
  /** Decoded and dropped wire messages. */
  readonly wireCounters: WireCounters;
  #state: 'idle' | 'running' | 'stopped' = 'idle';

  constructor(options: PeerDirectoryOptions) {
    this.#options = options;
    this.#transport = options.transport;
    this.#clock = options.clock;
    this.#self = options.self;
    this.#maxSkewMs = options.maxSkewMs ?? 30_000;
    this.#handshakeTimeoutMs = options.handshakeTimeoutMs ?? 15_000;
    this.wireCounters = options.wireCounters ?? new WireCounters();
  }

  /** Subscribes to the transport and greets peers already connected. Idempotent; no-op once stopped. */
  start(): void {
    if (this.#state !== 'idle') return;
    const signal = this.#options.signal;
    if (signal?.aborted) {
      this.stop();
      return;
    }
    this.#state = 'running';
    const t = this.#transport;
    this.#unsubscribe.push(
      t.on('open', (peer) => this.#onOpen(peer)),
      t.on('close', (peer) => this.#onClose(peer)),
      t.on('message', (from, data) => this.#onMessage(from, data)),
    );
    if (signal !== undefined) {
      const onAbort = (): void => this.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unsubscribe.push(() => signal.removeEventListener('abort', onAbort));
    }
    for (const peer of t.connectedPeers()) this.#onOpen(peer);
  }

  /** Unsubscribes and forgets every peer; the transport stays open. Safe to call twice. */
  stop(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    for (const off of this.#unsubscribe.splice(0)) off();
    for (const link of this.#links.values()) if (link.timer !== undefined) this.#clock.clearTimeout(link.timer);
    this.#links.clear();
    this.#emitter.clear();
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof PeerDirectoryEvents>(event: E, handler: PeerDirectoryEvents[E]): () => void {
    return this.#emitter.on(event, handler);
  }

  /** The verified peer with this id, if its link is open and its hello checked out. */
  peer(id: PeerId): VerifiedPeer | undefined {
    return this.#links.get(id)?.verified;
  }

  /** Every verified peer. */
  verifiedPeers(): VerifiedPeer[] {
    const out: VerifiedPeer[] = [];
    for (const link of this.#links.values()) if (link.verified !== undefined) out.push(link.verified);
    return out;
  }

  /** A copy of the counters. */
  counters(): PeerCounters {
    const c = this.#counters;
    return { ...c, refusals: { ...c.refusals }, noteDrops: { ...c.noteDrops } };
  }

  /** Signs `text` for `peer` and sends it; the peer must be verified. */
  async sendNote(peer: PeerId, text: string): Promise<Result<void, PeerError>> {
    if (this.#state !== 'running') return err(new PeerError(PeerErrorCode.Stopped, 'the directory is not running'));
    if (this.peer(peer) === undefined) {
      return err(new PeerError(PeerErrorCode.NotVerified, `peer ${peer} has not passed the handshake`));
    }
    const at = this.#clock.now();
    const sig = await this.#self.signer.sign(noteSigningBytes(this.#options.gameId, this.#self.id, peer, at, text));
    const bytes = tryEncodeMessage(MessageType.note, { text, at, sig });
    if (!bytes.ok) return err(new PeerError(PeerErrorCode.Invalid, bytes.error.message, { cause: bytes.error }));
    if (this.#state !== 'running') return err(new PeerError(PeerErrorCode.Stopped, 'the directory was stopped'));
    const sent = this.#transport.send(peer, bytes.value);
    if (!sent.ok) {
      this.#counters.sendErrors++;
      return err(new PeerError(PeerErrorCode.Transport, sent.error.message, { cause: sent.error }));
    }
    this.#counters.notesSent++;
    return ok(undefined);
  }

  #onOpen(peer: PeerId): void {
    if (this.#links.has(peer)) return;
    const link: LinkState = { queue: Promise.resolve(), verified: undefined, timer: undefined, seenNotes: new Map() };
    this.#links.set(peer, link);
    link.timer = this.#clock.setTimeout(() => {
      link.timer = undefined;
      if (this.#links.get(peer) !== link || link.verified !== undefined) return;
      this.#counters.handshakeTimeouts++;
      this.#links.delete(peer);
      this.#transport.disconnect(peer);
    }, this.#handshakeTimeoutMs);
    void this.#sendHello(peer, link);
  }

  #onClose(peer: PeerId): void {
    const link = this.#links.get(peer);
    if (link === undefined) return;
    this.#links.delete(peer);
    if (link.timer !== undefined) this.#clock.clearTimeout(link.timer);
    if (link.verified !== undefined) this.#emitter.emit('lost', link.verified);
  }

  async #sendHello(peer: PeerId, link: LinkState): Promise<void> {
    try {
      const at = this.#clock.now();
      const sig = await this.#self.signer.sign(helloSigningBytes(this.#options.gameId, this.#self.id, peer, at));
      if (this.#links.get(peer) !== link) return; // closed or stopped meanwhile
      const body = { certs: this.#self.credentials, to: peer, at, sig };
      const bytes = tryEncodeMessage(MessageType.hello, body);
      if (!bytes.ok) throw bytes.error;
      const sent = this.#transport.send(peer, bytes.value);
      if (sent.ok) this.#counters.hellosSent++;
      else this.#counters.sendErrors++;
    } catch (error) {
      // Our own certificates or key are broken: a local fault, reported, never thrown.
      this.#counters.sendErrors++;
      this.#emitter.emit('error', error);
    }
  }

  #onMessage(from: PeerId, data: Uint8Array): void {
    const decoded = decodeCounted(data, this.wireCounters);
    if (!decoded.ok) return; // dropped and counted by the wire counters
    const message = decoded.value;
    if (message.name !== 'hello' && message.name !== 'note') {
      this.#counters.otherMessages++;
      return;
    }
    let link = this.#links.get(from);
    if (link === undefined) {
      // Late traffic of a link we already dropped: ignore it.
      if (!this.#transport.isConnected(from)) return;
      // A message before the open event (or before start): treat the link as open.
      this.#onOpen(from);
      link = this.#links.get(from);
      if (link === undefined) return;
    }
    const current = link;
    current.queue = current.queue.then(() =>
      message.name === 'hello' ? this.#onHello(from, current, message.body) : this.#onNote(from, current, message.body),
    );
  }

  #context(): CheckContext {
    const o = this.#options;
    const now = this.#clock.now();
    return {
      ed: o.ed,
      gameId: o.gameId,
      authorityKey: o.authorityKey,
      selfId: this.#self.id,
      now,
      maxSkewMs: this.#maxSkewMs,
    };
  }

  async #onHello(from: PeerId, link: LinkState, hello: Hello): Promise<void> {
    this.#counters.hellosReceived++;
    const result = await checkHello(this.#context(), from, hello).catch(() => err(HelloRefusal.BadCert));
    if (this.#links.get(from) !== link) return; // the link closed (or we stopped) meanwhile
    if (!result.ok) {
      this.#counters.hellosRefused++;
      this.#counters.refusals[result.error]++;
      link.verified = undefined;
      this.#emitter.emit('refused', from, result.error);
      if (this.#options.disconnectOnRefusal ?? true) this.#transport.disconnect(from);
      return;
    }
    link.verified = result.value;
    if (link.timer !== undefined) {
      this.#clock.clearTimeout(link.timer);
      link.timer = undefined;
    }
    this.#counters.peersVerified++;
    this.#emitter.emit('verified', result.value);
  }

  async #onNote(from: PeerId, link: LinkState, note: Note): Promise<void> {
    const sender = link.verified;
    if (sender === undefined) return this.#dropNote(from, NoteDrop.Unverified);
    const ctx = this.#context();
    const key = toHex(note.sig);
    if (link.seenNotes.has(key)) return this.#dropNote(from, NoteDrop.Replay);
    const result = await checkNote(ctx, sender, note).catch(() => err(NoteDrop.BadSignature));
    if (this.#links.get(from) !== link) return;
    if (!result.ok) return this.#dropNote(from, result.error);
    for (const [sig, at] of link.seenNotes) if (Math.abs(at - ctx.now) > this.#maxSkewMs) link.seenNotes.delete(sig);
    link.seenNotes.set(key, note.at);
    this.#counters.notesReceived++;
    this.#emitter.emit('note', {
      from,
      name: sender.name,
      text: note.text,
      at: note.at,
      receivedAt: ctx.now,
    });
  }

  #dropNote(from: PeerId, reason: NoteDrop): void {
    this.#counters.notesDropped++;
    this.#counters.noteDrops[reason]++;
    this.#emitter.emit('dropped', from, reason);
  }
}
