import type { Clock, PeerId, Transport } from './lib';

/** Options of {@link Linker}. */
export interface LinkerOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  /** Our own id (skipped in bootstrap lists). */
  readonly self: PeerId;
  /** Timeout of one connection attempt (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Wait after a failed attempt before the next one (default 5 s). */
  readonly retryDelayMs?: number;
  /** Most links opened (default 16). */
  readonly maxLinks?: number;
}

/**
 * Opens links to the peers a bootstrap list names: one attempt at a time per peer, a pause after
 * a failure, never to ourselves, and no more than `maxLinks`.
 */
export class Linker {
  readonly #o: LinkerOptions;
  readonly #pending = new Set<PeerId>();
  readonly #retryAt = new Map<PeerId, number>();
  #attempts = 0;
  #failures = 0;

  constructor(options: LinkerOptions) {
    this.#o = options;
  }

  /** Starts connecting to every listed peer not yet linked. */
  connectAll(peers: readonly PeerId[]): void {
    const { transport, clock, self } = this.#o;
    const max = this.#o.maxLinks ?? 16;
    for (const peer of peers) {
      if (peer === self || this.#pending.has(peer) || transport.isConnected(peer)) continue;
      if ((this.#retryAt.get(peer) ?? 0) > clock.now()) continue;
      if (transport.connectedPeers().length + this.#pending.size >= max) return;
      void this.#connect(peer);
    }
  }

  async #connect(peer: PeerId): Promise<void> {
    const { transport, clock } = this.#o;
    this.#pending.add(peer);
    this.#attempts++;
    const result = await transport.connect(peer, { timeoutMs: this.#o.connectTimeoutMs ?? 10_000 });
    this.#pending.delete(peer);
    if (result.ok) {
      this.#retryAt.delete(peer);
    } else {
      this.#failures++;
      this.#retryAt.set(peer, clock.now() + (this.#o.retryDelayMs ?? 5_000));
    }
  }

  counters(): { connectAttempts: number; connectFailures: number } {
    return { connectAttempts: this.#attempts, connectFailures: this.#failures };
  }
}
