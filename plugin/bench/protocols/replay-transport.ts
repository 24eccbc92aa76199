/**
 * A {@link Transport} for replaying one NEO member in isolation: every peer counts as connected,
 * sends are counted and dropped, and the replay pushes recorded messages in with `deliver`.
 */
import type { PeerId, Transport, TransportError, TransportEvents, TransportStats } from '../../src/transport/transport';
import { ok, type Result } from '../../src/util/result';

type Handlers = { [E in keyof TransportEvents]: Set<TransportEvents[E]> };

/** The isolated member's transport (see the module comment). */
export class ReplayTransport implements Transport {
  readonly maxMessageBytes = 1024 * 1024;
  readonly #stats: TransportStats = {
    bytesSent: 0,
    bytesReceived: 0,
    messagesSent: 0,
    messagesReceived: 0,
    sendErrors: 0,
  };
  readonly #handlers: Handlers = { message: new Set(), open: new Set(), close: new Set(), error: new Set() };

  constructor(
    readonly id: PeerId,
    private readonly peers: readonly PeerId[],
  ) {}

  connect(): Promise<Result<void, TransportError>> {
    return Promise.resolve(ok(undefined));
  }

  isConnected(peer: PeerId): boolean {
    return peer !== this.id && this.peers.includes(peer);
  }

  connectedPeers(): PeerId[] {
    return this.peers.filter((p) => p !== this.id);
  }

  send(_peer: PeerId, data: Uint8Array): Result<void, TransportError> {
    this.#stats.messagesSent++;
    this.#stats.bytesSent += data.byteLength;
    return ok(undefined);
  }

  disconnect(): void {}

  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void {
    const set = this.#handlers[event] as Set<TransportEvents[E]>;
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Hands a recorded message to the member, as if it had just arrived from `from`. */
  deliver(from: PeerId, data: Uint8Array): void {
    this.#stats.messagesReceived++;
    this.#stats.bytesReceived += data.byteLength;
    for (const h of this.#handlers.message) h(from, data);
  }

  stats(): TransportStats {
    return { ...this.#stats };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
