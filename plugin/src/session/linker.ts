import type { Clock } from '../clock/clock';
import type { PeerId, Transport } from '../transport/transport';

/** Options of {@link Linker}. */
export interface LinkerOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  /** Our own id (skipped in bootstrap lists). */
  readonly self: PeerId;
  /** Peers never dialled (banned players). */
  readonly skip?: (peer: PeerId) => boolean;
  /** Timeout of one connection attempt (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Wait after a failed attempt before the next one (default 5 s). */
  readonly retryDelayMs?: number;
  /** Most links opened (default 16). */
  readonly maxLinks?: number;
  /** Once aborted, no attempt starts (attempts in flight end when the transport closes). */
  readonly signal?: AbortSignal;
}

/** Counters of a {@link Linker}. */
export interface LinkerCounters {
  connectAttempts: number;
  connectFailures: number;
}

/** Most peers whose last failure is remembered (oldest forgotten first). */
const MAX_RETRY_ENTRIES = 1024;

/**
 * Opens links to the peers a bootstrap list names: one attempt at a time per peer, a pause after
 * a failure, never to ourselves or to a skipped (banned) peer, and no more than `maxLinks`.
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
    const { transport, clock, self, skip, signal } = this.#o;
    if (signal?.aborted) return;
    const max = this.#o.maxLinks ?? 16;
    for (const peer of peers) {
      if (peer === self || this.#pending.has(peer) || transport.isConnected(peer) || skip?.(peer)) continue;
      if ((this.#retryAt.get(peer) ?? 0) > clock.now()) continue;
      if (transport.connectedPeers().length + this.#pending.size >= max) return;
      void this.#connect(peer);
    }
  }

  /** A copy of the counters. */
  counters(): LinkerCounters {
    return { connectAttempts: this.#attempts, connectFailures: this.#failures };
  }

  async #connect(peer: PeerId): Promise<void> {
    const { transport, clock, signal } = this.#o;
    this.#pending.add(peer);
    this.#attempts++;
    const result = await transport.connect(peer, { timeoutMs: this.#o.connectTimeoutMs ?? 10_000 });
    this.#pending.delete(peer);
    this.#retryAt.delete(peer);
    if (result.ok || signal?.aborted) return;
    this.#failures++;
    if (this.#retryAt.size >= MAX_RETRY_ENTRIES) {
      const oldest = this.#retryAt.keys().next().value;
      if (oldest !== undefined) this.#retryAt.delete(oldest);
    }
    this.#retryAt.set(peer, clock.now() + (this.#o.retryDelayMs ?? 5_000));
  }
}
