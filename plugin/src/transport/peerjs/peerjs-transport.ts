import { type Clock, SystemClock, type TimerHandle } from '../../clock';
import { err, ok, type Result } from '../../util/result';
import { ConnectWaiters } from '../connect-waiters';
import { TransportEmitter } from '../emitter';
import {
  type ConnectOptions,
  type PeerId,
  type Transport,
  TransportError,
  TransportErrorCode,
  type TransportEvents,
  type TransportStats,
} from '../transport';
import { DEFAULT_FRAME_BYTES, encodeFrames, FrameDecoder } from './framing';
import { openPeer } from './open-peer';
import { closedError, discardConn, type PeerJsTransportOptions, timeoutError, toBytes } from './options';
import { loadPeerJs, type PeerJsDataConnection, type PeerJsPeer } from './peerjs-types';
import { SignallingReconnector } from './reconnect';

interface Link {
  readonly conn: PeerJsDataConnection;
  readonly outgoing: boolean;
  readonly decoder: FrameDecoder;
  open: boolean;
  openedAt: number;
  /** Data that arrived before `open` (a data channel can deliver before PeerJS reports open). */
  early: unknown[];
  setupTimer: TimerHandle | undefined;
}

/** Frames a link may receive before it opens; more is a misbehaving peer and drops the link. */
const EARLY_FRAMES_MAX = 1024;

/** An offer from the higher id this soon after our own link opened is a late duplicate. */
const LATE_OFFER_MS = 2000;

const OK: Result<void, TransportError> = Object.freeze(ok(undefined));
const UNAVAILABLE = /Could not connect to peer (.+)$/;

/**
 * {@link Transport} over PeerJS data channels (reliable, ordered, `raw` serialization, our own
 * framing so messages up to `maxMessageBytes` survive the channels' size caps). One link per
 * remote peer: when both dial at once, the connection initiated by the lower id wins on both
 * sides. Works in browsers and, through the `./node` entry, in Node with @roamhq/wrtc.
 */
export class PeerJsTransport implements Transport {
  readonly id: PeerId;
  readonly maxMessageBytes: number;
  #peer: PeerJsPeer;
  #clock: Clock;
  #frameBytes: number;
  #setupMs: number;
  #links = new Map<PeerId, Link>();
  #emitter = new TransportEmitter();
  #waiters: ConnectWaiters;
  #closed = false;
  #reconnector: SignallingReconnector;
  #stats: TransportStats = { bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0, sendErrors: 0 };

  /** Registers on the signalling server and resolves with a ready transport, or a clear error. */
  static async create(options: PeerJsTransportOptions): Promise<Result<PeerJsTransport, TransportError>> {
    let Peer = options.peerModule;
    if (Peer === undefined) {
      try {
        Peer = await loadPeerJs();
      } catch (cause) {
        return err(new TransportError(TransportErrorCode.Network, 'could not load peerjs', { cause }));
      }
    }
    const clock = options.clock ?? new SystemClock();
    const peerOptions = {
      host: options.host,
      port: options.port,
      path: options.path ?? '/',
      secure: options.secure ?? globalThis.location?.protocol === 'https:',
      debug: options.debug ?? 0,
      // Absent, not undefined: PeerJS spreads options over its defaults (its ICE servers).
      ...(options.config === undefined ? {} : { config: options.config }),
      ...(options.key === undefined ? {} : { key: options.key }),
    };
    const timeoutMs = options.connectTimeoutMs ?? 15_000;
    return openPeer(
      { id: options.id, Peer, peerOptions, clock, timeoutMs, signal: options.signal },
      (peer) => new PeerJsTransport(peer, options, clock),
    );
  }

  private constructor(peer: PeerJsPeer, options: PeerJsTransportOptions, clock: Clock) {
    this.id = options.id;
    this.maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
    this.#peer = peer;
    this.#clock = clock;
    this.#frameBytes = options.frameBytes ?? DEFAULT_FRAME_BYTES;
    this.#setupMs = options.connectTimeoutMs ?? 15_000;
    this.#waiters = new ConnectWaiters(clock, this.#setupMs, (p) => this.#giveUp(p));
    peer.on('connection', (conn) => this.#onIncoming(conn));
    peer.on('error', (e) => {
      const unavailable = e.type === 'peer-unavailable' ? UNAVAILABLE.exec(e.message)?.[1] : undefined;
      if (unavailable !== undefined) this.#onUnavailable(unavailable);
      // 'webrtc' errors come from negotiations we dropped on purpose (duplicate dials); a live
      // link that fails to negotiate surfaces through its own connection or its timeout.
      else if (e.type !== 'peer-unavailable' && e.type !== 'webrtc') {
        this.#error(`PeerJS: ${e.type ?? 'error'}: ${e.message}`, undefined, e);
      }
    });
    peer.socket?.on('message', (m) => {
      if (m.type === 'EXPIRE' && typeof m.src === 'string') this.#onUnavailable(m.src);
    });
    this.#reconnector = new SignallingReconnector(peer, clock, () =>
      this.#error('lost the signalling server; open links keep working, reconnecting'),
    );
  }

  connect(peer: PeerId, options?: ConnectOptions): Promise<Result<void, TransportError>> {
    if (this.#closed) return Promise.resolve(err(closedError(peer)));
    if (options?.signal?.aborted) {
      return Promise.resolve(err(new TransportError(TransportErrorCode.Aborted, 'connect aborted', { peer })));
    }
    if (peer === this.id) {
      return Promise.resolve(
        err(new TransportError(TransportErrorCode.PeerUnavailable, 'cannot connect to self', { peer })),
      );
    }
    const link = this.#links.get(peer);
    if (link?.open) return Promise.resolve(OK);
    const result = this.#waiters.wait(peer, options);
    if (link === undefined) {
      const conn = this.#peer.disconnected
        ? undefined
        : this.#peer.connect(peer, { serialization: 'raw', reliable: true });
      if (conn === undefined) {
        const e = new TransportError(TransportErrorCode.Network, 'not connected to the signalling server', { peer });
        this.#waiters.fail(peer, e);
      } else this.#adopt(peer, conn, true);
    }
    return result;
  }

  isConnected(peer: PeerId): boolean {
    return this.#links.get(peer)?.open ?? false;
  }

  connectedPeers(): PeerId[] {
    const out: PeerId[] = [];
    for (const [peer, link] of this.#links) if (link.open) out.push(peer);
    return out;
  }

  send(peer: PeerId, data: Uint8Array): Result<void, TransportError> {
    const link = this.#links.get(peer);
    let error: TransportError | undefined;
    if (this.#closed) error = closedError(peer);
    else if (data.byteLength > this.maxMessageBytes) {
      error = new TransportError(
        TransportErrorCode.TooLarge,
        `message of ${data.byteLength} bytes exceeds ${this.maxMessageBytes}`,
        { peer },
      );
    } else if (link === undefined || !link.open) {
      error = new TransportError(TransportErrorCode.NotConnected, `no open link to ${peer}`, { peer });
    } else {
      try {
        for (const frame of encodeFrames(data, this.#frameBytes)) link.conn.send(frame);
      } catch (cause) {
        error = new TransportError(TransportErrorCode.NotConnected, `link to ${peer} failed`, { peer, cause });
      }
    }
    if (error !== undefined) {
      this.#stats.sendErrors++;
      return err(error);
    }
    this.#stats.messagesSent++;
    this.#stats.bytesSent += data.byteLength;
    return OK;
  }

  disconnect(peer: PeerId): void {
    const link = this.#links.get(peer);
    if (link !== undefined) this.#drop(peer, link, closedError(peer, 'disconnected before the link opened'));
  }

  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void {
    return this.#emitter.on(event, handler);
  }

  stats(): TransportStats {
    return { ...this.#stats };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#reconnector.stop();
    for (const [peer, link] of [...this.#links]) this.#drop(peer, link, closedError(peer));
    this.#waiters.failAll((peer) => closedError(peer));
    this.#emitter.clear();
    this.#peer.destroy();
  }

  #onIncoming(conn: PeerJsDataConnection): void {
    if (this.#closed) {
      conn.close();
      return;
    }
    const peer = conn.peer;
    const current = this.#links.get(peer);
    if (current !== undefined) {
      // Both dialled at once: the link initiated by the lower id wins. The loser's offer can trail
      // just behind our link opening; a genuine redial (the remote lost its end) comes later.
      const ours = current.outgoing && this.id < peer;
      if (ours && (!current.open || this.#clock.now() - current.openedAt < LATE_OFFER_MS)) {
        discardConn(conn);
        return;
      }
      if (current.open)
        this.#drop(peer, current, closedError(peer)); // stale: the remote dialled again
      else this.#discard(peer, current); // its waiters stay and resolve when `conn` opens
    }
    this.#adopt(peer, conn, false);
  }

  #adopt(peer: PeerId, conn: PeerJsDataConnection, outgoing: boolean): void {
    const decoder = new FrameDecoder(this.maxMessageBytes);
    const link: Link = { conn, outgoing, decoder, open: false, openedAt: 0, early: [], setupTimer: undefined };
    this.#links.set(peer, link);
    const current = (): boolean => this.#links.get(peer) === link;
    link.setupTimer = this.#clock.setTimeout(() => {
      link.setupTimer = undefined;
      if (current() && !link.open) this.#drop(peer, link, timeoutError(peer, this.#setupMs));
    }, this.#setupMs);
    const onOpen = (): void => {
      if (!current() || link.open) return;
      link.open = true;
      link.openedAt = this.#clock.now();
      this.#clearSetup(link);
      this.#emitter.emit('open', peer);
      this.#waiters.resolve(peer);
      // Then what arrived before `open`, in order (each may drop the link on a bad frame).
      const early = link.early;
      link.early = [];
      for (const data of early) if (current()) this.#onData(peer, link, data);
    };
    conn.on('open', onOpen);
    conn.on('data', (data) => {
      if (!current()) return;
      if (link.open) this.#onData(peer, link, data);
      else if (link.early.length < EARLY_FRAMES_MAX) link.early.push(data);
      else this.#drop(peer, link, closedError(peer, 'too much data before the link opened'));
    });
    conn.on('close', () => {
      if (current()) this.#drop(peer, link, closedError(peer, 'link closed before it opened'));
    });
    conn.on('error', (e) => {
      if (!current()) return;
      if (!link.open) {
        const error = new TransportError(TransportErrorCode.Network, `link to ${peer} failed: ${e.message}`, { peer });
        this.#drop(peer, link, error);
      } else if (e.type !== 'connection-closed') this.#error(`link to ${peer}: ${e.message}`, peer, e);
    });
    if (conn.open) onOpen();
  }

  #onData(peer: PeerId, link: Link, data: unknown): void {
    const frame = toBytes(data);
    const r = frame === undefined ? { kind: 'error' as const, reason: 'non-binary data' } : link.decoder.push(frame);
    if (r.kind === 'message') {
      this.#stats.messagesReceived++;
      this.#stats.bytesReceived += r.message.byteLength;
      this.#emitter.emit('message', peer, r.message);
    } else if (r.kind === 'error') {
      this.#error(`bad frame from ${peer}: ${r.reason}; link dropped`, peer);
      this.#drop(peer, link, closedError(peer));
    }
  }

  /** Removes a link and closes its connection: `close` if it was open, else its waiters fail. */
  #drop(peer: PeerId, link: Link, ifPending: TransportError): void {
    if (this.#links.get(peer) !== link) return;
    this.#discard(peer, link);
    if (link.open) this.#emitter.emit('close', peer);
    else this.#waiters.fail(peer, ifPending);
  }

  /** Removes a link silently (its waiters are left alone). */
  #discard(peer: PeerId, link: Link): void {
    if (this.#links.get(peer) === link) this.#links.delete(peer);
    this.#clearSetup(link);
    discardConn(link.conn);
  }

  #clearSetup(link: Link): void {
    if (link.setupTimer !== undefined) this.#clock.clearTimeout(link.setupTimer);
    link.setupTimer = undefined;
  }

  #giveUp(peer: PeerId): void {
    const link = this.#links.get(peer);
    if (link?.outgoing && !link.open) this.#discard(peer, link);
  }

  #onUnavailable(peer: PeerId): void {
    const link = this.#links.get(peer);
    if (link !== undefined && (link.open || !link.outgoing)) return; // it is there after all
    if (link !== undefined) this.#discard(peer, link);
    this.#waiters.fail(
      peer,
      new TransportError(TransportErrorCode.PeerUnavailable, `peer ${peer} is unavailable`, { peer }),
    );
  }

  #error(message: string, peer?: PeerId, cause?: unknown): void {
    const options = peer === undefined ? { cause } : { peer, cause };
    this.#emitter.emit('error', new TransportError(TransportErrorCode.Network, message, options));
  }
}
