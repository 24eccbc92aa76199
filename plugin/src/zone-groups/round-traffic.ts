import type { Transport } from '../transport/transport';
import { MessageType } from '../wire/types';

/** Byte of the envelope holding the message type (as the groups layer's router reads it). */
const TYPE_BYTE = 2;

/**
 * Counts the NEO round messages (`neoRound`) each peer sent us: round messages go only between
 * members of one group, so two players whose counts of each other stop rising are in different
 * groups (observers get `grpFeed`, never round messages). The browser tests read it through
 * `window.__p2p`.
 */
export class RoundTraffic {
  readonly #from = new Map<string, number>();
  readonly #off: () => void;

  constructor(transport: Pick<Transport, 'on'>) {
    this.#off = transport.on('message', (from, data) => {
      if (data[TYPE_BYTE] === MessageType.neoRound) this.#from.set(from, (this.#from.get(from) ?? 0) + 1);
    });
  }

  /** Round messages received so far, by sender. */
  byPeer(): Record<string, number> {
    return Object.fromEntries([...this.#from].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Stops counting. Idempotent. */
  stop(): void {
    this.#off();
  }
}
