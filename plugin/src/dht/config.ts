/**
 * Tunables of a {@link DhtNode}, with the defaults every peer uses unless told otherwise. The
 * protocol does not depend on them agreeing between peers, except `k` (replication) which all
 * peers of one game should share.
 */
export interface DhtConfig {
  /** Bucket size and replication factor. */
  readonly k: number;
  /** Parallel requests of an iterative lookup. */
  readonly alpha: number;
  /** Valid replies a value lookup gathers before it settles (a quorum read). */
  readonly quorum: number;
  /** Time a request waits for its answer, ms. */
  readonly rpcTimeoutMs: number;
  /** Time a link takes to open before the request fails, ms. */
  readonly connectTimeoutMs: number;
  /** Whole-lookup deadline, ms. */
  readonly lookupTimeoutMs: number;
  /** Open links this peer keeps (least recently used closed first). */
  readonly maxConnections: number;
  /**
   * A link used within this many ms is not closed to make room, so a link opened for a request
   * lives until that request arrives (links with requests in flight, either way, are never
   * closed). Under a burst the bound is exceeded for that long.
   */
  readonly linkGraceMs: number;
  /** Contacts kept per bucket to replace dead ones. */
  readonly replacementCacheSize: number;
  /** Timeouts in a row after which a contact leaves its bucket. */
  readonly maxContactFailures: number;
  /** Each stored record is re-stored to the k closest this often, ms (holders wait 2 to 22% longer than the publisher). */
  readonly republishIntervalMs: number;
  /** A bucket no lookup touched for this long is refreshed with a lookup of a random id in it, ms. */
  readonly refreshIntervalMs: number;
  /** Live contacts a bucket refresh (at join and hourly) aims for in each far bucket. */
  readonly refreshFill: number;
  /** Period of the built-in maintenance timer, ms (unused with an external scheduler). */
  readonly maintenanceTickMs: number;
  /** Records this node stores for others (the archive's permanent records do not count). */
  readonly maxRecords: number;
  /** Messages from one not-yet-authenticated peer held until its handshake completes. */
  readonly maxPendingPerPeer: number;
  /** How long a message waits for its sender's handshake, ms. */
  readonly authTimeoutMs: number;
}

/** The defaults (k = 20, alpha = 3, 32 links, hourly republish and refresh). */
export const DEFAULT_DHT_CONFIG: DhtConfig = Object.freeze({
  k: 20,
  alpha: 3,
  quorum: 3,
  rpcTimeoutMs: 2_000,
  connectTimeoutMs: 5_000,
  lookupTimeoutMs: 30_000,
  maxConnections: 32,
  linkGraceMs: 1_000,
  replacementCacheSize: 8,
  maxContactFailures: 2,
  republishIntervalMs: 60 * 60 * 1000,
  refreshIntervalMs: 60 * 60 * 1000,
  refreshFill: 2,
  maintenanceTickMs: 60 * 1000,
  maxRecords: 50_000,
  maxPendingPerPeer: 16,
  authTimeoutMs: 15_000,
});

/** `DEFAULT_DHT_CONFIG` with `overrides` applied; throws `RangeError` on nonsense (a local bug). */
export function resolveDhtConfig(overrides: Partial<DhtConfig> = {}): DhtConfig {
  const config = { ...DEFAULT_DHT_CONFIG, ...overrides };
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`dht config ${name} must be a number >= 0`);
  }
  if (config.k < 1 || config.k > 32) throw new RangeError('dht config k must be in 1..32');
  if (config.alpha < 1) throw new RangeError('dht config alpha must be >= 1');
  if (config.quorum < 1) throw new RangeError('dht config quorum must be >= 1');
  return Object.freeze(config);
}
