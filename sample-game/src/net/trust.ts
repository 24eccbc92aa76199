/**
 * Per-peer trust through the DHT: certificates looked up for every peer id we learn (independently
 * of its hello), ban checks on first contact and again periodically for connected peers.
 */
import type { GameModel } from '../model';
import type { GameDht } from './dht';
import type { PeerId } from './lib';

/** Counters of the DHT lookups, as `window.__p2p.counters` shows them. */
export interface TrustCounters {
  dhtLookups: number;
  dhtLookupHits: number;
  dhtLookupMisses: number;
  banChecks: number;
  banCheckFailures: number;
  bannedPeers: number;
}

/** Tracks where each peer's certificates came from and which peers are banned. */
export class PeerTrust {
  readonly #dht: GameDht;
  readonly #model: GameModel;
  readonly #self: PeerId;
  readonly #signal: AbortSignal;
  /** Peers whose certificates the DHT returned, or a lookup is in flight for. */
  readonly #looking = new Set<PeerId>();
  readonly #fromDht = new Set<PeerId>();
  readonly #source = new Map<PeerId, 'dht' | 'hello'>();
  readonly #banned = new Set<PeerId>();
  readonly #counters: TrustCounters = {
    dhtLookups: 0,
    dhtLookupHits: 0,
    dhtLookupMisses: 0,
    banChecks: 0,
    banCheckFailures: 0,
    bannedPeers: 0,
  };

  constructor(dht: GameDht, model: GameModel, self: PeerId, signal: AbortSignal) {
    this.#dht = dht;
    this.#model = model;
    this.#self = self;
    this.#signal = signal;
  }

  /** Peer ids from a bootstrap list: look up certificates not yet found, check bans. */
  learn(peers: readonly PeerId[]): void {
    for (const peer of peers) {
      if (peer === this.#self) continue;
      if (!this.#looking.has(peer) && !this.#fromDht.has(peer)) void this.#lookup(peer);
      if (this.#dht.bans.cached(peer) === undefined) void this.checkBan(peer);
    }
  }

  /** The peer's hello checked out; returns false when it is banned (then ignore it). */
  onVerified(peer: PeerId): boolean {
    if (!this.#source.has(peer)) this.#source.set(peer, 'hello');
    this.#model.upsertPeer(peer, { certSource: this.#source.get(peer) });
    void this.checkBan(peer);
    return !this.isBanned(peer);
  }

  /** Whether a ban of `peer` was found (its messages are then dropped). */
  isBanned(peer: PeerId): boolean {
    return this.#banned.has(peer);
  }

  /** Asks the DHT (or the checker's bounded cache) whether `peer` is banned. */
  async checkBan(peer: PeerId): Promise<void> {
    if (this.#banned.has(peer) || this.#signal.aborted) return;
    this.#counters.banChecks++;
    const r = await this.#dht.bans.check(peer, { signal: this.#signal });
    if (!r.ok) {
      this.#counters.banCheckFailures++; // admitted for now; the next check asks again
      return;
    }
    if (!r.value.banned || this.#banned.has(peer)) return;
    this.#banned.add(peer);
    this.#counters.bannedPeers++;
    this.#model.upsertPeer(peer, { banned: true, verified: false });
  }

  /** Re-checks every peer in `peers` (the connected ones), so a ban issued meanwhile applies. */
  recheck(peers: readonly PeerId[]): void {
    for (const peer of peers) void this.checkBan(peer);
  }

  counters(): TrustCounters {
    return { ...this.#counters };
  }

  async #lookup(peer: PeerId): Promise<void> {
    this.#looking.add(peer);
    this.#counters.dhtLookups++;
    const r = await this.#dht.certs.lookup(peer, { signal: this.#signal });
    this.#looking.delete(peer);
    if (!r.ok || r.value.id !== peer) {
      this.#counters.dhtLookupMisses++;
      return;
    }
    this.#counters.dhtLookupHits++;
    this.#fromDht.add(peer);
    if (!this.#source.has(peer)) this.#source.set(peer, 'dht');
    this.#model.upsertPeer(peer, { certSource: this.#source.get(peer), dhtName: r.value.name });
  }
}
