import type { IncomingMessage, Server } from 'node:http';
import type { Express } from 'express';
import { ExpressPeerServer, type IClient } from 'peer';
import { type ServerOptions, type WebSocket, WebSocketServer } from 'ws';
import { MAX_BOOTSTRAP_PEERS } from '../auth';
import type { Logger } from './logger';
import { TimerScope } from './peer-timers';

/**
 * How long the signalling server holds an offer for an id that is not connected before it answers
 * EXPIRE (the caller's `peer-unavailable`), ms. Every id a player learns (a group record, a DHT
 * contact) was connected when it was announced, so an offer to an absent id is almost always an
 * offer to a player who left: answering in about a second instead of PeerServer's default 5 s is
 * what lets a newcomer skip a dead group record and stale DHT contacts quickly.
 */
export const SIGNALLING_EXPIRE_MS = 1000;

/** Decides whether a PeerJS id may connect: `undefined` to admit, or the reason to refuse. */
export type PeerAdmission = (id: string) => string | undefined;

/** A WebSocketServer that refuses ids the admission policy rejects, with a PeerJS ERROR message. */
class GatedWebSocketServer extends WebSocketServer {
  readonly #admit: PeerAdmission;

  constructor(options: ServerOptions, admit: PeerAdmission) {
    super(options);
    this.#admit = admit;
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'connection') {
      const [socket, req] = args as [WebSocket, IncomingMessage];
      const id = new URL(req.url ?? '', 'http://peerjs').searchParams.get('id');
      const refusal = id === null ? undefined : this.#admit(id);
      if (refusal !== undefined) {
        socket.send(JSON.stringify({ type: 'ERROR', payload: { msg: refusal } }));
        socket.close();
        return true;
      }
    }
    return super.emit(event, ...args);
  }
}

/**
 * The PeerJS signalling server, mounted on the authority's own express app and HTTP server,
 * plus the list of connected peers for `/api/bootstrap`. Clients connect with
 * `new Peer(id, { host, port, path: '/peerjs' })`: the peer app is mounted at `/peerjs` with its
 * own `path: '/'`, so its WebSocket lives at `/peerjs/peerjs` and its id route at `/peerjs/peerjs/id`,
 * which is where PeerJS clients look for them.
 */
export class Signalling {
  readonly #timers = new TimerScope();
  readonly #peers = new Map<string, IClient>();
  readonly #onLeave = new Set<(id: string) => void>();
  readonly #logger: Logger;
  #wss: WebSocketServer | undefined;
  #own: string | undefined;
  #closed = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Mounts the PeerJS server at `path` on `app`, its WebSocket on `server`. */
  mount(app: Express, server: Server, path: string, admit: PeerAdmission): void {
    const peerApp = ExpressPeerServer(server, {
      path: '/',
      allow_discovery: false,
      expire_timeout: SIGNALLING_EXPIRE_MS,
      cleanup_out_msgs: SIGNALLING_EXPIRE_MS / 5,
      createWebSocketServer: (options) => {
        this.#wss = new GatedWebSocketServer(options, admit);
        return this.#wss;
      },
    });
    peerApp.on('connection', (client) => {
      this.#peers.delete(client.getId());
      this.#peers.set(client.getId(), client);
    });
    peerApp.on('disconnect', (client) => {
      if (this.#peers.get(client.getId()) !== client) return;
      this.#peers.delete(client.getId());
      for (const f of this.#onLeave) f(client.getId());
    });
    peerApp.on('error', (error) => this.#logger.warn(`signalling: ${String(error)}`));
    // Mounting starts the peer package's timer loops: record them so close() can stop them.
    this.#timers.run(() => app.use(path, peerApp));
  }

  /** The authority's own DHT peer id, listed first by {@link bootstrapPeers}. */
  get ownPeerId(): string | undefined {
    return this.#own;
  }

  set ownPeerId(id: string | undefined) {
    this.#own = id;
  }

  /** Calls `listener` with the id of every peer whose signalling connection closes; returns an unsubscribe. */
  onDisconnect(listener: (id: string) => void): () => void {
    this.#onLeave.add(listener);
    return () => this.#onLeave.delete(listener);
  }

  /** Whether `id` is connected to signalling now. */
  isConnected(id: string): boolean {
    return this.#peers.has(id);
  }

  /** The own peer first (when set), then connected peers, most recently connected first. */
  bootstrapPeers(max = MAX_BOOTSTRAP_PEERS): string[] {
    const out: string[] = this.#own === undefined ? [] : [this.#own];
    const ids = [...this.#peers.keys()];
    for (let i = ids.length - 1; i >= 0 && out.length < max; i--) {
      const id = ids[i]!;
      if (id !== this.#own) out.push(id);
    }
    return out;
  }

  /** Closes `id`'s signalling connection (a banned player). */
  kick(id: string, reason: string): void {
    const socket = this.#peers.get(id)?.getSocket();
    if (!socket) return;
    socket.send(JSON.stringify({ type: 'ERROR', payload: { msg: reason } }));
    socket.close();
  }

  /** Stops the timers, drops every WebSocket and closes the WebSocket server. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#timers.close();
    const wss = this.#wss;
    if (wss) {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    }
    this.#peers.clear();
    this.#onLeave.clear();
  }
}
