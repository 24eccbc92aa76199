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
import type { SimLink } from './sim-link';
import type { SimNetwork } from './sim-network';

const OK: Result<void, TransportError> = Object.freeze(ok(undefined));

/**
 * A peer of a {@link SimNetwork}: the {@link Transport} contract in memory and virtual time.
 * Get one from `net.createPeer(id)` or `net.restart(id)`.
 */
export class SimTransport implements Transport {
  readonly maxMessageBytes: number;
  /** @internal Current link per remote peer (pending or open). */
  readonly links = new Map<PeerId, SimLink>();
  /** @internal False once closed or crashed. */
  alive = true;
  /** @internal */
  readonly emitter = new TransportEmitter();
  /** @internal */
  readonly waiters: ConnectWaiters;
  #stats: TransportStats = { bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0, sendErrors: 0 };

  /** @internal Use `SimNetwork.createPeer`. */
  constructor(
    private readonly net: SimNetwork,
    readonly id: PeerId,
  ) {
    this.maxMessageBytes = net.maxMessageBytes;
    this.waiters = new ConnectWaiters(net.clock, net.connectTimeoutMs, (peer) => net.giveUp(this, peer));
  }

  connect(peer: PeerId, options?: ConnectOptions): Promise<Result<void, TransportError>> {
    if (!this.alive) return Promise.resolve(err(closedError(peer)));
    if (options?.signal?.aborted) {
      return Promise.resolve(err(new TransportError(TransportErrorCode.Aborted, 'connect aborted', { peer })));
    }
    if (peer === this.id) {
      return Promise.resolve(
        err(new TransportError(TransportErrorCode.PeerUnavailable, 'cannot connect to self', { peer })),
      );
    }
    const link = this.links.get(peer);
    if (link?.isOpenAt(this.id)) return Promise.resolve(OK);
    const result = this.waiters.wait(peer, options);
    if (link === undefined) this.net.openLink(this, peer);
    return result;
  }

  isConnected(peer: PeerId): boolean {
    return this.links.get(peer)?.isOpenAt(this.id) ?? false;
  }

  connectedPeers(): PeerId[] {
    const out: PeerId[] = [];
    for (const [peer, link] of this.links) if (link.isOpenAt(this.id)) out.push(peer);
    return out;
  }

  send(peer: PeerId, data: Uint8Array): Result<void, TransportError> {
    let error: TransportError | undefined;
    const link = this.links.get(peer);
    if (!this.alive) error = closedError(peer);
    else if (data.byteLength > this.maxMessageBytes) {
      error = new TransportError(
        TransportErrorCode.TooLarge,
        `message of ${data.byteLength} bytes exceeds ${this.maxMessageBytes}`,
        { peer },
      );
    } else if (link === undefined || !link.isOpenAt(this.id)) {
      error = new TransportError(TransportErrorCode.NotConnected, `no open link to ${peer}`, { peer });
    }
    if (error !== undefined || link === undefined) {
      this.#stats.sendErrors++;
      return err(error ?? closedError(peer));
    }
    this.#stats.messagesSent++;
    this.#stats.bytesSent += data.byteLength;
    this.net.transmit(link, this.id, peer, data);
    return OK;
  }

  disconnect(peer: PeerId): void {
    if (this.alive) this.net.disconnect(this, peer);
  }

  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void {
    return this.emitter.on(event, handler);
  }

  stats(): TransportStats {
    return { ...this.#stats };
  }

  close(): Promise<void> {
    if (this.alive) this.net.leave(this);
    return Promise.resolve();
  }

  /** @internal A message arrived on an open link. */
  receive(from: PeerId, data: Uint8Array): void {
    this.#stats.messagesReceived++;
    this.#stats.bytesReceived += data.byteLength;
    this.emitter.emit('message', from, data);
  }

  /** @internal Drops `link` at this end: `close` if it was open, else its waiters fail. */
  dropLink(peer: PeerId, link: SimLink): void {
    if (this.links.get(peer) !== link) return;
    this.links.delete(peer);
    const wasOpen = link.isOpenAt(this.id);
    link.setOpen(this.id, false);
    if (wasOpen) this.emitter.emit('close', peer);
    else
      this.waiters.fail(
        peer,
        new TransportError(TransportErrorCode.Closed, `link to ${peer} closed before it opened`, { peer }),
      );
  }
}

function closedError(peer: PeerId): TransportError {
  return new TransportError(TransportErrorCode.Closed, 'transport is closed', { peer });
}
