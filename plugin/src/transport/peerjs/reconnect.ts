import type { Clock, TimerHandle } from '../../clock';
import type { PeerJsPeer } from './peerjs-types';

/**
 * Re-registers with the signalling server after PeerJS lost it (server restart, network blip),
 * with exponential backoff from 1 s to 30 s. Open data channels do not need the server and keep
 * working meanwhile; only new connections wait for it.
 */
export class SignallingReconnector {
  #timer: TimerHandle | undefined;
  #delay = 1000;
  #stopped = false;

  constructor(
    private readonly peer: PeerJsPeer,
    private readonly clock: Clock,
    private readonly onLost: () => void,
  ) {
    peer.on('disconnected', () => this.#schedule());
    peer.on('open', () => {
      this.#delay = 1000;
    });
  }

  /** No more attempts (call before destroying the peer). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.onLost();
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped || this.peer.destroyed || !this.peer.disconnected) return;
      this.#delay = Math.min(30_000, this.#delay * 2);
      try {
        this.peer.reconnect();
      } catch {
        this.#schedule();
      }
    }, this.#delay);
  }
}
