import type { Clock } from '../../clock';
import type { PeerId, Transport } from '../../transport/transport';
import { err, ok, type Result } from '../../util/result';
import { DhtError, DhtErrorCode } from '../errors';
import type { PeerAuthenticator } from './authenticator';

/** Options of {@link ConnectionManager}. */
export interface ConnectionManagerOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly authenticator: PeerAuthenticator;
  /** Open links kept; the least recently used idle one closes beyond it. */
  readonly maxConnections: number;
  readonly connectTimeoutMs: number;
  /** Time the handshake may take after the link opened, ms. */
  readonly authTimeoutMs: number;
  /**
   * A link used within this many ms is never closed to make room (default 1 s): a new link must
   * live until the request it was opened for arrives. Under a burst the bound is exceeded for
   * that long rather than cutting requests in flight.
   */
  readonly graceMs?: number;
}

interface LinkUse {
  inFlight: number;
  pinned: number;
  lastUsed: number;
}

/**
 * Bounds the open links of one peer (browsers cannot hold hundreds of WebRTC connections): links
 * open on demand, every use refreshes a link's place in an LRU, and when more than
 * `maxConnections` are open the least recently used one without requests in flight and not
 * pinned is closed. Links opened by remote peers count too. Other layers `pin` links they need
 * kept (NEO group members).
 */
export class ConnectionManager {
  readonly #o: ConnectionManagerOptions;
  /** Open links in LRU order (Map iteration order: oldest first). */
  readonly #lru = new Map<PeerId, LinkUse>();
  readonly #pending = new Map<PeerId, Promise<Result<void, DhtError>>>();
  readonly #off: (() => void)[] = [];
  #stopped = false;
  /** Links this manager closed to stay within the bound. */
  evictions = 0;

  constructor(options: ConnectionManagerOptions) {
    this.#o = options;
    const t = options.transport;
    for (const peer of t.connectedPeers()) this.#lru.set(peer, this.#fresh());
    this.#off.push(
      t.on('open', (peer) => this.#opened(peer)),
      t.on('close', (peer) => {
        this.#lru.delete(peer);
      }),
    );
  }

  /** Links open now. */
  get size(): number {
    return this.#lru.size;
  }

  /** Opens (or reuses) an authenticated link to `peer`. Concurrent calls share one attempt. */
  ensure(peer: PeerId, signal?: AbortSignal): Promise<Result<void, DhtError>> {
    if (this.#stopped) return Promise.resolve(err(new DhtError(DhtErrorCode.Stopped, 'dht stopped', { peer })));
    const t = this.#o.transport;
    if (t.isConnected(peer) && this.#o.authenticator.isAuthenticated(peer)) {
      this.touch(peer);
      return Promise.resolve(ok(undefined));
    }
    let pending = this.#pending.get(peer);
    if (pending === undefined) {
      pending = this.#open(peer, signal).finally(() => this.#pending.delete(peer));
      this.#pending.set(peer, pending);
    }
    return pending;
  }

  async #open(peer: PeerId, signal?: AbortSignal): Promise<Result<void, DhtError>> {
    const t = this.#o.transport;
    const linked = await t.connect(peer, { signal, timeoutMs: this.#o.connectTimeoutMs });
    if (!linked.ok) {
      const e = linked.error;
      const code =
        e.code === 'aborted'
          ? DhtErrorCode.Aborted
          : e.code === 'timeout'
            ? DhtErrorCode.Timeout
            : e.code === 'closed' && this.#stopped
              ? DhtErrorCode.Stopped
              : DhtErrorCode.Unreachable;
      return err(new DhtError(code, `cannot reach ${peer}: ${e.message}`, { peer, cause: e }));
    }
    this.touch(peer);
    const auth = this.#o.authenticator;
    if (!auth.isAuthenticated(peer)) {
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const clock = this.#o.clock;
      const timer = clock.setTimeout(() => controller.abort(), this.#o.authTimeoutMs);
      const verified = await auth.whenAuthenticated(peer, controller.signal);
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!verified) {
        return err(new DhtError(DhtErrorCode.Unauthenticated, `link to ${peer} was not authenticated`, { peer }));
      }
    }
    return ok(undefined);
  }

  /** Marks `peer`'s link as just used. */
  touch(peer: PeerId): void {
    const use = this.#lru.get(peer);
    if (use === undefined) {
      if (this.#o.transport.isConnected(peer)) this.#opened(peer);
      return;
    }
    use.lastUsed = this.#o.clock.now();
    this.#lru.delete(peer);
    this.#lru.set(peer, use);
  }

  /** A request to `peer` starts: its link is not evicted until {@link release}. */
  acquire(peer: PeerId): void {
    const use = this.#lru.get(peer);
    if (use !== undefined) use.inFlight++;
  }

  /** A request to `peer` ended. */
  release(peer: PeerId): void {
    const use = this.#lru.get(peer);
    if (use !== undefined && use.inFlight > 0) use.inFlight--;
    this.#trim();
  }

  /** Keeps `peer`'s link open regardless of the bound until {@link unpin} (counted). */
  pin(peer: PeerId): void {
    let use = this.#lru.get(peer);
    if (use === undefined) {
      use = this.#fresh();
      this.#lru.set(peer, use);
    }
    use.pinned++;
  }

  unpin(peer: PeerId): void {
    const use = this.#lru.get(peer);
    if (use !== undefined && use.pinned > 0) use.pinned--;
    this.#trim();
  }

  /** Stops listening; links stay open (the transport owns them). Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const off of this.#off.splice(0)) off();
    this.#lru.clear();
  }

  #opened(peer: PeerId): void {
    if (this.#stopped) return;
    const use = this.#lru.get(peer) ?? this.#fresh();
    use.lastUsed = this.#o.clock.now();
    this.#lru.delete(peer);
    this.#lru.set(peer, use);
    this.#trim();
  }

  #fresh(): LinkUse {
    return { inFlight: 0, pinned: 0, lastUsed: this.#o.clock.now() };
  }

  #trim(): void {
    if (this.#lru.size <= this.#o.maxConnections) return;
    let excess = this.#lru.size - this.#o.maxConnections;
    const victims: PeerId[] = [];
    const idleBefore = this.#o.clock.now() - (this.#o.graceMs ?? 1_000);
    for (const [peer, use] of this.#lru) {
      if (excess === 0 || use.lastUsed > idleBefore) break; // LRU order: the rest are newer still
      if (use.inFlight > 0 || use.pinned > 0 || this.#pending.has(peer)) continue;
      victims.push(peer);
      excess--;
    }
    for (const peer of victims) {
      this.#lru.delete(peer);
      this.evictions++;
      this.#o.transport.disconnect(peer);
    }
  }
}
