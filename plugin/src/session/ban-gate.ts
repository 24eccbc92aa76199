import type { PeerId, Transport, TransportEvents, TransportStats } from '../transport/transport';

type MessageHandler = TransportEvents['message'];

/**
 * A {@link Transport} view that drops every message of a banned peer before the handshake, the
 * notes, the DHT or the zone layer see it (each dropped message is counted). Everything else
 * passes through to the inner transport.
 */
export class BanGate implements Transport {
  readonly #inner: Transport;
  readonly #isBanned: (peer: PeerId) => boolean;
  readonly #handlers = new Set<MessageHandler>();
  readonly #off: () => void;
  #dropped = 0;
  #handlerErrors = 0;

  constructor(inner: Transport, isBanned: (peer: PeerId) => boolean) {
    this.#inner = inner;
    this.#isBanned = isBanned;
    this.#off = inner.on('message', (from, data) => {
      if (this.#isBanned(from)) {
        this.#dropped++;
        return;
      }
      // A Set iterator tolerates removal while iterating; one throwing handler must not starve the rest.
      for (const h of this.#handlers) {
        try {
          h(from, data);
        } catch {
          this.#handlerErrors++;
        }
      }
    });
  }

  get id(): PeerId {
    return this.#inner.id;
  }
  get maxMessageBytes(): number {
    return this.#inner.maxMessageBytes;
  }
  /** Messages dropped because their sender is banned. */
  get dropped(): number {
    return this.#dropped;
  }
  /** Exceptions thrown by message handlers (isolated, never rethrown). */
  get handlerErrors(): number {
    return this.#handlerErrors;
  }

  connect(...args: Parameters<Transport['connect']>): ReturnType<Transport['connect']> {
    return this.#inner.connect(...args);
  }
  isConnected(peer: PeerId): boolean {
    return this.#inner.isConnected(peer);
  }
  connectedPeers(): PeerId[] {
    return this.#inner.connectedPeers();
  }
  send(peer: PeerId, data: Uint8Array): ReturnType<Transport['send']> {
    return this.#inner.send(peer, data);
  }
  disconnect(peer: PeerId): void {
    this.#inner.disconnect(peer);
  }
  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void {
    if (event !== 'message') return this.#inner.on(event, handler);
    const h = handler as MessageHandler;
    this.#handlers.add(h);
    return () => this.#handlers.delete(h);
  }
  stats(): TransportStats {
    return this.#inner.stats();
  }
  /** Closes the inner transport and forgets every handler. */
  close(): Promise<void> {
    this.#off();
    this.#handlers.clear();
    return this.#inner.close();
  }
}
