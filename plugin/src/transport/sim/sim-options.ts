import type { Clock } from '../../clock';
import type { Rng } from '../../rng';
import type { LatencyModel } from './latency';

/** Options of `SimNetwork`. */
export interface SimNetworkOptions {
  /** Drives every delay; normally a `VirtualClock`. */
  clock: Clock;
  /** Seed of the network's random stream (jitter, loss, default latency model). */
  seed?: number | string;
  /** The random stream itself, instead of `seed`. */
  rng?: Rng;
  /** Base one-way delay: ms for every pair, or a model. Default: `logNormalLatency` (median 40 ms). */
  latency?: number | LatencyModel;
  /** Each message (and handshake step) gets an extra uniform delay in [0, jitterMs). Default 0. */
  jitterMs?: number;
  /** Probability that a data message is dropped (not handshakes or closes). Default 0. */
  loss?: number;
  /** Largest payload `send` accepts. Default 1 MiB. */
  maxMessageBytes?: number;
  /** How long the other ends take to notice a crash or a partition (ICE timeout). Default 10 s. */
  detectionMs?: number;
  /** Default `connect` timeout. Default 10 s. */
  connectTimeoutMs?: number;
}

/** Network-wide counters of a `SimNetwork`. */
export interface SimNetworkStats {
  /** Live peers. */
  peers: number;
  messagesSent: number;
  bytesSent: number;
  messagesDelivered: number;
  bytesDelivered: number;
  /** Dropped by the random `loss`. */
  messagesLost: number;
  /** Dropped because of a partition or a link that closed while they travelled. */
  messagesDropped: number;
}
