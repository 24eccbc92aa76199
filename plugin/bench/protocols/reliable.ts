/**
 * A reliable channel over a lossy SimNetwork transport, for the baselines that assume one
 * (lockstep needs every message; the client/server game sends inputs and ticks reliably).
 *
 * Each data frame carries a per-destination sequence number; the receiver acknowledges every
 * copy it gets and delivers each sequence number once (order is not needed by either baseline).
 * The sender retransmits an unacknowledged frame every RTO, without back-off. The RTO is
 * {@link rtoMs}: the link's true round trip plus 25 ms, as if the RTT estimator had converged on
 * a jitter-free link (SRTT + max(G, 4 RTTVAR) with RTTVAR ~ 0). This choice favours the
 * baselines: the common "2 x RTT" or a 200 ms floor would make every loss cost them more.
 */
import type { Clock, TimerHandle } from '../../src/clock';
import type { PeerId, Transport } from '../../src/transport/transport';

/** Added to the round trip to make the retransmission timeout, ms. */
export const RTO_MARGIN_MS = 25;

/** The retransmission timeout for a link of `oneWayMs` one-way delay. */
export function rtoMs(oneWayMs: number): number {
  return 2 * oneWayMs + RTO_MARGIN_MS;
}

const DATA = 0;
const ACK = 1;
const HEADER = 5;

/** One end of reliable channels to every peer of a transport. */
export class ReliableEndpoint {
  /** Frames sent again after a timeout. */
  retransmissions = 0;
  readonly #next = new Map<PeerId, number>();
  readonly #pending = new Map<string, TimerHandle>();
  readonly #seen = new Map<PeerId, Set<number>>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly transport: Transport,
    private readonly clock: Clock,
    /** Retransmission timeout towards a peer, ms. */
    private readonly rto: (peer: PeerId) => number,
    private readonly onData: (from: PeerId, payload: Uint8Array) => void,
  ) {
    this.#unsubscribe = transport.on('message', (from, data) => this.#receive(from, data));
  }

  /** Sends `payload` to `to`, retransmitting until it is acknowledged. */
  send(to: PeerId, payload: Uint8Array): void {
    const seq = this.#next.get(to) ?? 0;
    this.#next.set(to, seq + 1);
    const frame = new Uint8Array(HEADER + payload.length);
    frame[0] = DATA;
    new DataView(frame.buffer).setUint32(1, seq);
    frame.set(payload, HEADER);
    this.#transmit(to, seq, frame);
  }

  /** Cancels every retransmission and stops receiving. */
  stop(): void {
    for (const h of this.#pending.values()) this.clock.clearTimeout(h);
    this.#pending.clear();
    this.#unsubscribe();
  }

  #transmit(to: PeerId, seq: number, frame: Uint8Array): void {
    this.transport.send(to, frame);
    const handle = this.clock.setTimeout(() => {
      this.retransmissions++;
      this.#transmit(to, seq, frame);
    }, this.rto(to));
    this.#pending.set(`${to}\u0000${seq}`, handle);
  }

  #receive(from: PeerId, data: Uint8Array): void {
    if (data.length < HEADER) throw new Error(`reliable: short frame from ${from}`);
    const seq = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1);
    if (data[0] === ACK) {
      const key = `${from}\u0000${seq}`;
      const handle = this.#pending.get(key);
      if (handle !== undefined) {
        this.clock.clearTimeout(handle);
        this.#pending.delete(key);
      }
      return;
    }
    const ack = new Uint8Array(HEADER);
    ack[0] = ACK;
    new DataView(ack.buffer).setUint32(1, seq);
    this.transport.send(from, ack);
    let seen = this.#seen.get(from);
    if (seen === undefined) {
      seen = new Set();
      this.#seen.set(from, seen);
    }
    if (seen.has(seq)) return;
    seen.add(seq);
    this.onData(from, data.subarray(HEADER));
  }
}
