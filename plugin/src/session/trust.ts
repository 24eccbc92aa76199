/**
 * Per-peer trust through the DHT: certificates looked up for every peer id we learn
 * (independently of its hello), ban checks on first contact and again periodically for
 * connected peers. A ban found here is handed to the session, which drops the peer's messages.
 */
import type { VerifiedBan } from '../dht';
import type { BanChecker } from '../dht/directory/ban-checker';
import type { CertDirectory } from '../dht/directory/cert-directory';
import type { PeerId } from '../transport/transport';
import type { PeerTable } from './peer-table';

/** How long "not banned" is believed (the periodic re-check then asks the DHT again), ms. */
export const BAN_TTL_MS = 2_500;
/** How long "no certificate record" is believed before a new lookup, ms. */
export const CERT_MISSING_TTL_MS = 2_000;

/** Counters of the DHT lookups. */
export interface TrustCounters {
  dhtLookups: number;
  dhtLookupHits: number;
  dhtLookupMisses: number;
  banChecks: number;
  banCheckFailures: number;
}

/** What {@link PeerTrust} works with. */
export interface PeerTrustOptions {
  readonly certs: CertDirectory;
  readonly bans: BanChecker;
  readonly table: PeerTable;
  readonly self: PeerId;
  /** Once aborted, nothing new starts and late answers are ignored. */
  readonly signal: AbortSignal;
  /** Whether a ban of `peer` is already known. */
  isBanned(peer: PeerId): boolean;
  /** Records a verified ban (the session then drops the peer's messages and tells listeners). */
  onBan(peer: PeerId, ban: VerifiedBan | undefined): void;
}

/** Tracks where each peer's certificates came from and asks the DHT about bans. */
export class PeerTrust {
  readonly #o: PeerTrustOptions;
  /** Peers a certificate lookup is in flight for. */
  readonly #looking = new Set<PeerId>();
  readonly #counters: TrustCounters = {
    dhtLookups: 0,
    dhtLookupHits: 0,
    dhtLookupMisses: 0,
    banChecks: 0,
    banCheckFailures: 0,
  };

  constructor(options: PeerTrustOptions) {
    this.#o = options;
  }

  /** Peer ids from a bootstrap list: look up certificates not yet found, check bans not cached. */
  learn(peers: readonly PeerId[]): void {
    const { certs, bans, self, signal } = this.#o;
    if (signal.aborted) return;
    for (const peer of peers) {
      if (peer === self) continue;
      if (!this.#looking.has(peer) && certs.cached(peer) === undefined) void this.#lookup(peer);
      if (bans.cached(peer) === undefined) void this.checkBan(peer);
    }
  }

  /** The peer's hello checked out: records the certificate source, checks its ban; false when banned. */
  onVerified(peer: PeerId): boolean {
    const { table } = this.#o;
    if (table.get(peer)?.certSource === undefined) table.upsert(peer, { certSource: 'hello' });
    void this.checkBan(peer);
    return !this.#o.isBanned(peer);
  }

  /** Asks the DHT (or the checker's short cache) whether `peer` is banned. */
  async checkBan(peer: PeerId): Promise<void> {
    const { bans, signal } = this.#o;
    if (peer === this.#o.self || this.#o.isBanned(peer) || signal.aborted) return;
    this.#counters.banChecks++;
    // No signal: the session stops the DHT node on close, which ends every request (and one
    // listener per request on a shared signal would pile up).
    const r = await bans.check(peer);
    if (signal.aborted) return;
    if (!r.ok) {
      this.#counters.banCheckFailures++; // admitted for now; the next check asks again
      return;
    }
    if (r.value.banned) this.#o.onBan(peer, r.value.ban);
  }

  /** Re-checks every peer in `peers` (the connected ones), so a ban issued meanwhile applies. */
  recheck(peers: readonly PeerId[]): void {
    for (const peer of peers) void this.checkBan(peer);
  }

  /** A copy of the counters. */
  counters(): TrustCounters {
    return { ...this.#counters };
  }

  async #lookup(peer: PeerId): Promise<void> {
    const { certs, table, signal } = this.#o;
    this.#looking.add(peer);
    this.#counters.dhtLookups++;
    const r = await certs.lookup(peer);
    this.#looking.delete(peer);
    if (signal.aborted) return;
    if (!r.ok || r.value.id !== peer) {
      this.#counters.dhtLookupMisses++;
      return;
    }
    this.#counters.dhtLookupHits++;
    const known = table.get(peer);
    table.upsert(peer, {
      certSource: known?.certSource ?? 'dht',
      dhtName: r.value.name,
      ...(known?.name == null ? { name: r.value.name } : {}),
    });
  }
}
