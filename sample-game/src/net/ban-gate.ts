import type { ConnectOptions, PeerId, Result, Transport, TransportError, TransportEvents, TransportStats } from './lib';

type MessageHandler = TransportEvents['message'];

/**
 * A {@link Transport} view that drops every message of a banned peer before the handshake, the
 * notes or the DHT see it (each dropped message is counted once). Everything else passes through.
 */
export class BanGate implements Transport {
  readonly #inner: Transport;
  readonly #isBanned: (peer: PeerId) => boolean;
  readonly #handlers = new Set<MessageHandler>();
  #dropped = 0;

  constructor(inner: Transport, isBanned: (peer: PeerId) => boolean) {
    this.#inner = inner;
    this.#isBanned = isBanned;
    inner.on('message', (from, data) => {
      if (this.#isBanned(from)) {
        this.#dropped++;
        return;
      }
      // A Set iterator tolerates removal while iterating; one throwing handler must not starve the rest.
      for (const h of this.#handlers) {
        try {
          h(from, data);
        } catch (error) {
          console.warn('ban gate: a message handler threw', error);
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

  connect(peer: PeerId, options?: ConnectOptions): Promise<Result<void, TransportError>> {
    return this.#inner.connect(peer, options);
  }
  isConnected(peer: PeerId): boolean {
    return this.#inner.isConnected(peer);
  }
  connectedPeers(): PeerId[] {
    return this.#inner.connectedPeers();
  }
  send(peer: PeerId, data: Uint8Array): Result<void, TransportError> {
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
  close(): Promise<void> {
    return this.#inner.close();
  }
}
