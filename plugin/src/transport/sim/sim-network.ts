import type { Clock } from '../../clock';
import { type Rng, SeededRng } from '../../rng';
import { type PeerId, TransportError, TransportErrorCode } from '../transport';
import { constantLatency, type LatencyModel, logNormalLatency } from './latency';
import { SimLink } from './sim-link';
import type { SimNetworkOptions, SimNetworkStats } from './sim-options';
import { SimTransport } from './sim-transport';

const pairKey = (a: PeerId, b: PeerId): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * An in-memory network on an injected clock, deterministic from a seed: per-pair latency with
 * jitter (FIFO per link direction), random loss, partitions, crashes with delayed detection,
 * restarts, handshake delay, byte counters. Cost: O(1) work and one clock timer per message; no
 * per-peer timers, so thousands of peers run in virtual time. The model is written down in
 * `plugin/spec/transport.md`.
 */
export class SimNetwork {
  readonly clock: Clock;
  readonly maxMessageBytes: number;
  readonly detectionMs: number;
  readonly connectTimeoutMs: number;
  #rng: Rng;
  #latency: LatencyModel;
  #jitterMs: number;
  #loss: number;
  #peers = new Map<PeerId, SimTransport>();
  #known = new Set<PeerId>();
  #overrides = new Map<string, { latencyMs?: number; loss?: number }>();
  #groups = new Map<PeerId, number>();
  #partitionEpoch = 0;
  #stats: Omit<SimNetworkStats, 'peers'> = {
    messagesSent: 0,
    bytesSent: 0,
    messagesDelivered: 0,
    bytesDelivered: 0,
    messagesLost: 0,
    messagesDropped: 0,
  };

  constructor(options: SimNetworkOptions) {
    this.clock = options.clock;
    this.#rng = options.rng ?? new SeededRng(options.seed ?? 1);
    const latency = options.latency;
    this.#latency =
      typeof latency === 'number'
        ? constantLatency(latency)
        : (latency ?? logNormalLatency({ seed: this.#rng.int(0x100000000) }));
    this.#jitterMs = options.jitterMs ?? 0;
    this.#loss = options.loss ?? 0;
    this.maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
    this.detectionMs = options.detectionMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /** Joins a new peer. Throws if a live peer already has this id (a test bug, not a network event). */
  createPeer(id: PeerId): SimTransport {
    if (this.#peers.has(id)) throw new Error(`SimNetwork: peer ${id} already exists`);
    const t = new SimTransport(this, id);
    this.#peers.set(id, t);
    this.#known.add(id);
    return t;
  }

  /** A fresh transport for a crashed or closed peer, under the same id. */
  restart(id: PeerId): SimTransport {
    if (!this.#known.has(id)) throw new Error(`SimNetwork: peer ${id} never existed`);
    return this.createPeer(id);
  }

  /**
   * Kills a peer abruptly: it sends nothing more (no close), messages to it are dropped, and each
   * peer linked to it sees `close` after `detectionMs`.
   */
  crash(id: PeerId): void {
    const t = this.#peers.get(id);
    if (t === undefined) throw new Error(`SimNetwork: no live peer ${id}`);
    this.#peers.delete(id);
    t.alive = false;
    t.emitter.clear();
    t.waiters.failAll((peer) => new TransportError(TransportErrorCode.Closed, 'peer crashed', { peer }));
    for (const [peer, link] of t.links) {
      link.setOpen(id, false);
      this.clock.setTimeout(() => link.end(peer)?.dropLink(id, link), this.detectionMs);
    }
    t.links.clear();
  }

  /**
   * Splits the network: peers in different groups cannot reach each other (peers not listed form
   * one more group). Traffic across is dropped; links across close on both ends after
   * `detectionMs` unless healed first. Replaces any earlier partition (and restarts the
   * detection delay of links it still cuts).
   */
  partition(...groups: PeerId[][]): void {
    this.#groups.clear();
    const epoch = ++this.#partitionEpoch;
    groups.forEach((group, i) => {
      for (const id of group) this.#groups.set(id, i + 1);
    });
    for (const t of this.#peers.values()) {
      for (const [peer, link] of t.links) {
        if (!this.#cut(t.id, peer)) continue;
        this.clock.setTimeout(() => {
          if (epoch === this.#partitionEpoch && t.alive) t.dropLink(peer, link);
        }, this.detectionMs);
      }
    }
  }

  /** Ends the partition. Links that were not yet detected as broken carry on. */
  heal(): void {
    this.#groups.clear();
    this.#partitionEpoch++;
  }

  /** Overrides the base one-way delay between `a` and `b` (both directions, existing link too). */
  setLinkLatency(a: PeerId, b: PeerId, ms: number): void {
    this.#override(a, b, { latencyMs: ms });
  }

  /** Overrides the loss probability between `a` and `b` (both directions, existing link too). */
  setLinkLoss(a: PeerId, b: PeerId, loss: number): void {
    this.#override(a, b, { loss });
  }

  /** Base one-way delay between two peers (before jitter). */
  latencyBetween(a: PeerId, b: PeerId): number {
    return this.#overrides.get(pairKey(a, b))?.latencyMs ?? this.#latency(a, b);
  }

  /** The live peer with this id. */
  peer(id: PeerId): SimTransport | undefined {
    return this.#peers.get(id);
  }

  /** Ids of the live peers. */
  peerIds(): PeerId[] {
    return [...this.#peers.keys()];
  }

  stats(): SimNetworkStats {
    return { peers: this.#peers.size, ...this.#stats };
  }

  /** @internal Starts the handshake from `t` to `peer`. */
  openLink(t: SimTransport, peer: PeerId): void {
    const key = pairKey(t.id, peer);
    const o = this.#overrides.get(key);
    const link = new SimLink(t, peer, o?.latencyMs ?? this.#latency(t.id, peer), o?.loss);
    t.links.set(peer, link);
    this.#control(link, t.id, peer, () => this.#requestArrives(link));
  }

  /** @internal Carries one data message over an open link. */
  transmit(link: SimLink, from: PeerId, to: PeerId, data: Uint8Array): void {
    const s = this.#stats;
    s.messagesSent++;
    s.bytesSent += data.byteLength;
    if (this.#cut(from, to)) {
      s.messagesDropped++;
      return;
    }
    const loss = link.loss ?? this.#loss;
    if (loss > 0 && this.#rng.next() < loss) {
      s.messagesLost++;
      return;
    }
    const copy = data.slice();
    const toInitiator = to === link.a.id;
    const dst = toInitiator ? link.a : link.b;
    const now = this.clock.now();
    const at = this.#arrival(link, from, now);
    this.clock.setTimeout(() => {
      // An end that dropped the link has its open flag cleared, so no map lookup is needed here.
      const open = toInitiator ? link.openI : link.openR;
      if (!open || dst === undefined || !dst.alive || (this.#groups.size > 0 && this.#cut(from, to))) {
        s.messagesDropped++;
        return;
      }
      s.messagesDelivered++;
      s.bytesDelivered += copy.byteLength;
      dst.receive(from, copy);
    }, at - now);
  }

  /** @internal Local `disconnect`: closes this end now, the other end one delay later. */
  disconnect(t: SimTransport, peer: PeerId): void {
    const link = t.links.get(peer);
    if (link === undefined) return;
    link.dead = true;
    t.dropLink(peer, link);
    this.#control(link, t.id, peer, () => link.end(peer)?.dropLink(t.id, link));
  }

  /** @internal The last `connect` waiter for `peer` gave up: drop a link that never opened. */
  giveUp(t: SimTransport, peer: PeerId): void {
    const link = t.links.get(peer);
    if (link !== undefined && !link.isOpenAt(t.id)) this.disconnect(t, peer);
  }

  /** @internal Graceful close of a whole peer. */
  leave(t: SimTransport): void {
    for (const peer of [...t.links.keys()]) this.disconnect(t, peer);
    t.alive = false;
    t.waiters.failAll((peer) => new TransportError(TransportErrorCode.Closed, 'transport closed', { peer }));
    t.emitter.clear();
    if (this.#peers.get(t.id) === t) this.#peers.delete(t.id);
  }

  #requestArrives(link: SimLink): void {
    const initiator = link.a;
    if (link.dead || !initiator.alive) return;
    const from = initiator.id;
    const dst = this.#peers.get(link.responderId);
    if (dst === undefined) {
      this.#control(link, link.responderId, from, () => {
        if (!initiator.alive || initiator.links.get(link.responderId) !== link) return;
        link.dead = true;
        initiator.links.delete(link.responderId);
        const e = new TransportError(TransportErrorCode.PeerUnavailable, `peer ${link.responderId} is unavailable`, {
          peer: link.responderId,
        });
        initiator.waiters.fail(link.responderId, e);
      });
      return;
    }
    const current = dst.links.get(from);
    if (current !== undefined) {
      if (current.a === dst && !current.openI) {
        // Both sides dialled at once: the link initiated by the lower id wins, on both sides.
        if (dst.id < from) {
          link.dead = true;
          return;
        }
        current.dead = true;
        dst.links.delete(from); // its waiters stay: they resolve when `link` opens
      } else {
        current.dead = true;
        dst.dropLink(from, current); // a stale link: the remote dialled again
      }
    }
    link.b = dst;
    dst.links.set(from, link);
    link.openR = true;
    dst.emitter.emit('open', from);
    dst.waiters.resolve(from);
    this.#control(link, dst.id, from, () => {
      if (link.dead || !initiator.alive || initiator.links.get(dst.id) !== link) return;
      link.openI = true;
      initiator.emitter.emit('open', dst.id);
      initiator.waiters.resolve(dst.id);
    });
  }

  /** A handshake or close message: same delay and FIFO as data, never lost, cut by partitions. */
  #control(link: SimLink, from: PeerId, to: PeerId, fn: () => void): void {
    if (this.#cut(from, to)) return;
    const now = this.clock.now();
    const at = this.#arrival(link, from, now);
    this.clock.setTimeout(() => {
      if (!this.#cut(from, to)) fn();
    }, at - now);
  }

  #arrival(link: SimLink, from: PeerId, now: number): number {
    const jitter = this.#jitterMs > 0 ? this.#rng.next() * this.#jitterMs : 0;
    return link.arrival(from, now + link.baseMs + jitter);
  }

  #cut(a: PeerId, b: PeerId): boolean {
    if (this.#groups.size === 0) return false;
    return (this.#groups.get(a) ?? 0) !== (this.#groups.get(b) ?? 0);
  }

  #override(a: PeerId, b: PeerId, change: { latencyMs?: number; loss?: number }): void {
    const key = pairKey(a, b);
    this.#overrides.set(key, { ...this.#overrides.get(key), ...change });
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const link = this.#peers.get(x)?.links.get(y);
      if (link === undefined) continue;
      if (change.latencyMs !== undefined) link.baseMs = change.latencyMs;
      if (change.loss !== undefined) link.loss = change.loss;
    }
  }
}
