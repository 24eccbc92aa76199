import type {
  ConnectOptions,
  PeerId,
  Transport,
  TransportError,
  TransportEvents,
  TransportStats,
} from '../../transport/transport';
import { ok, type Result } from '../../util/result';

/** Sends queued by every peer of a harness, flushed in (peer, sequence) order. */
export class SendQueue {
  readonly #items: { order: number; seq: number; send: () => void }[] = [];
  #seq = 0;

  push(order: number, send: () => void): void {
    this.#items.push({ order, seq: this.#seq++, send });
  }

  get length(): number {
    return this.#items.length;
  }

  /** Performs every queued send in peer order, then sequence order; returns how many. */
  flush(): number {
    const items = this.#items.splice(0).sort((a, b) => a.order - b.order || a.seq - b.seq);
    for (const i of items) i.send();
    return items.length;
  }
}

/**
 * A transport whose sends wait in a shared queue until the harness flushes it. Signatures finish
 * in whatever order the platform's crypto answers; flushing in peer order keeps the simulated
 * network's random draws (jitter, loss) and therefore whole runs deterministic.
 */
export class DeferredTransport implements Transport {
  constructor(
    readonly inner: Transport,
    private readonly queue: SendQueue,
    private readonly order: number,
    /** When set, the time spent in message handlers is added to `timing.ms`. */
    private readonly timing?: { ms: number },
  ) {}

  get id(): PeerId {
    return this.inner.id;
  }

  get maxMessageBytes(): number {
    return this.inner.maxMessageBytes;
  }

  connect(peer: PeerId, options?: ConnectOptions): Promise<Result<void, TransportError>> {
    return this.inner.connect(peer, options);
  }

  isConnected(peer: PeerId): boolean {
    return this.inner.isConnected(peer);
  }

  connectedPeers(): PeerId[] {
    return this.inner.connectedPeers();
  }

  send(peer: PeerId, data: Uint8Array): Result<void, TransportError> {
    const copy = data.slice();
    this.queue.push(this.order, () => {
      this.inner.send(peer, copy);
    });
    return ok(undefined);
  }

  disconnect(peer: PeerId): void {
    this.inner.disconnect(peer);
  }

  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void {
    const timing = this.timing;
    if (timing === undefined || event !== 'message') return this.inner.on(event, handler);
    const timed = ((from: PeerId, data: Uint8Array) => {
      const t0 = performance.now();
      (handler as TransportEvents['message'])(from, data);
      timing.ms += performance.now() - t0;
    }) as TransportEvents[E];
    return this.inner.on(event, timed);
  }

  stats(): TransportStats {
    return this.inner.stats();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
