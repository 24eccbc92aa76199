import type { AuthError, AuthorityClient } from '../auth';
import type { Clock } from '../clock/clock';
import type { SyncedClock } from '../clock/sync-clock';
import { ClockSync } from '../clock/sync-driver';
import type { Rng } from '../rng/rng';
import type { PeerId, Transport } from '../transport/transport';
import { err, ok } from '../util/result';
import { decodeMessage, MessageType, tryEncodeMessage } from '../wire';

/** Envelope prefix of `ping` (code 2) and `pong` (code 3): msgpack fixarray(3), version 1, type. */
const PING_PREFIX = [0x93, 0x01, 0x02] as const;
const PONG_PREFIX = [0x93, 0x01, 0x03] as const;

function startsWith(data: Uint8Array, prefix: readonly number[]): boolean {
  return data.length > prefix.length && prefix.every((b, i) => data[i] === b);
}

/**
 * After the burst at start, the authority's clock is sampled again this often, ms: peers' samples
 * keep the clock in step in between, and the authority stays out of the game's steady traffic
 * (a 30 s poll would be 120 requests an hour per player).
 */
export const AUTHORITY_RESAMPLE_MS = 3_600_000;

/** Counters of {@link SessionClock}. */
export interface SessionClockCounters {
  clockPingsSent: number;
  clockPongsSent: number;
  clockPeerSamples: number;
  /** Pongs that matched no ping of ours, and undecodable pings or pongs. */
  clockPongsRefused: number;
}

/**
 * The session's synchronised clock (`../clock`'s {@link ClockSync}): the authority's `/api/time`
 * sampled in a burst at start and then hourly, plus ping/pong samples with verified peers.
 * The estimator keeps the lowest-round-trip samples and clamps peer estimates into what the
 * authority's samples prove, so a lying peer cannot pull the clock away; one `/api/time` sample
 * alone is off by half its round trip's asymmetry. Rounds start at the same moment everywhere
 * only as far as the players' clocks agree.
 */
export class SessionClock {
  readonly sync: ClockSync;
  readonly counters: SessionClockCounters = {
    clockPingsSent: 0,
    clockPongsSent: 0,
    clockPeerSamples: 0,
    clockPongsRefused: 0,
  };
  #lastError: AuthError | undefined;
  #off: (() => void) | undefined;

  /** `timeClient` reads `/api/time` on the `base` clock (not on the synced one it sets). */
  constructor(base: Clock, timeClient: Pick<AuthorityClient, 'getTime'>, rng: Rng) {
    this.sync = new ClockSync({
      base,
      rng,
      intervalMs: AUTHORITY_RESAMPLE_MS,
      fetchTime: async (signal) => {
        const r = await timeClient.getTime(signal);
        this.#lastError = r.ok ? undefined : r.error;
        return r.ok ? ok(r.value.serverNow) : err(r.error);
      },
    });
  }

  /** The synchronised clock (the base clock until the first sample). */
  get clock(): SyncedClock {
    return this.sync.clock;
  }

  /** Takes one authority sample now: `undefined` when it was taken, else why not. */
  async sampleAuthority(signal?: AbortSignal): Promise<AuthError | Error | undefined> {
    this.#lastError = undefined;
    const taken = await this.sync.sampleAuthority(signal);
    return taken ? undefined : (this.#lastError ?? new Error('the time sample was refused'));
  }

  /**
   * Starts the periodic authority samples and answers peers' pings on `transport` (whose
   * messages come from anyone connected: `verified` says whose samples to take).
   */
  start(transport: Transport, verified: (peer: PeerId) => boolean): void {
    this.sync.start();
    this.#off ??= transport.on('message', (from, data) => {
      if (startsWith(data, PING_PREFIX)) this.#onPing(transport, from, data);
      else if (startsWith(data, PONG_PREFIX) && verified(from)) this.#onPong(from, data);
    });
  }

  /** Sends a clock ping to `peer` (its pong becomes a sample). */
  ping(transport: Transport, peer: PeerId): void {
    const bytes = tryEncodeMessage(MessageType.ping, this.sync.makePing(peer));
    if (bytes.ok && transport.send(peer, bytes.value).ok) this.counters.clockPingsSent++;
  }

  /** Stops sampling and answering (idempotent). */
  stop(): void {
    this.sync.stop();
    this.#off?.();
    this.#off = undefined;
  }

  #onPing(transport: Transport, from: PeerId, data: Uint8Array): void {
    const m = decodeMessage(data);
    if (!m.ok || m.value.name !== 'ping') {
      this.counters.clockPongsRefused++;
      return;
    }
    const pong = this.sync.answerPing(m.value.body);
    if (pong === undefined) return;
    const bytes = tryEncodeMessage(MessageType.pong, pong);
    if (bytes.ok && transport.send(from, bytes.value).ok) this.counters.clockPongsSent++;
  }

  #onPong(from: PeerId, data: Uint8Array): void {
    const m = decodeMessage(data);
    if (m.ok && m.value.name === 'pong' && this.sync.handlePong(from, m.value.body)) this.counters.clockPeerSamples++;
    else this.counters.clockPongsRefused++;
  }
}
