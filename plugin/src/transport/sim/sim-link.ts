import type { PeerId } from '../transport';
import type { SimTransport } from './sim-transport';

/**
 * One link between two peers of a {@link SimNetwork}, shared by both ends. An end holds the link
 * while `end.links.get(other) === link`; the link is open at an end once the handshake reached
 * it. Each direction has its own FIFO horizon so jitter never reorders a link's traffic.
 * @internal
 */
export class SimLink {
  /** Open at the initiator (the accept came back). */
  openI = false;
  /** Open at the responder (the request arrived and was adopted). */
  openR = false;
  /** Abandoned or closed: late handshake messages for it are ignored. */
  dead = false;
  /** Latest arrival time scheduled from the initiator to the responder. */
  fifoI = 0;
  /** Latest arrival time scheduled from the responder to the initiator. */
  fifoR = 0;
  /** The responder's incarnation, once it adopted the link. */
  b: SimTransport | undefined;

  constructor(
    /** The initiator's incarnation. */
    readonly a: SimTransport,
    readonly responderId: PeerId,
    /** Base one-way delay in ms. */
    public baseMs: number,
    /** Per-link loss override (network default when undefined). */
    public loss: number | undefined,
  ) {}

  isOpenAt(id: PeerId): boolean {
    return id === this.a.id ? this.openI : this.openR;
  }

  setOpen(id: PeerId, open: boolean): void {
    if (id === this.a.id) this.openI = open;
    else this.openR = open;
  }

  /** The incarnation at end `id` (undefined for a responder that has not adopted the link). */
  end(id: PeerId): SimTransport | undefined {
    return id === this.a.id ? this.a : this.b;
  }

  /** Reserves the arrival slot of a message sent from `from`: never before an earlier one. */
  arrival(from: PeerId, earliest: number): number {
    if (from === this.a.id) {
      this.fifoI = Math.max(earliest, this.fifoI);
      return this.fifoI;
    }
    this.fifoR = Math.max(earliest, this.fifoR);
    return this.fifoR;
  }
}
