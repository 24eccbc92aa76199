/**
 * A multi-player harness for zone tests (and the Phaser plugin's and world simulation's): N
 * certified players on one {@link SimNetwork} with a virtual clock, each with its own DHT node
 * (joined through a few infrastructure nodes, its certificate record published), real Ed25519
 * (WebCrypto), seeded randomness, and a fake authority that judges cheat proofs with the real
 * NEO proof verifier and bans. Time only moves inside `run` / `waitFor` / `settle`, which let every
 * player's signatures finish before the clock moves on.
 */
import { type Cert, issueCert } from '../auth';
import type { VirtualClock } from '../clock';
import type { DhtNode } from '../dht/node';
import { certRecord } from '../dht/records/validators/cert';
import { drain } from '../dht/testing/driver';
import { DhtHarness, type HarnessPlayer } from '../dht/testing/harness';
import type { FoundProof } from '../neo/events';
import { neoProofVerifier, type ProofKind } from '../neo/proofs';
import { SeededRng } from '../rng';
import type { SimNetwork } from '../transport/sim/sim-network';
import type { SimTransport } from '../transport/sim/sim-transport';
import type { PeerId, Transport, TransportEvents } from '../transport/transport';
import type { Result } from '../util/result';
import { BusyPage } from './busy-page';
import type { ZonePeerContext } from './context';
import type { ZoneError } from './errors';
import { joinZone } from './join';
import type { JoinZoneOptions, ZoneRoom } from './types';
import { zoneWork } from './work';

/** Options of {@link ZoneHarness.create}. */
export interface ZoneHarnessOptions {
  /** Certified players created up front (each with a DHT node, not yet in any zone). */
  readonly players: number;
  readonly seed?: number;
  /** One-way delay between any two peers, ms (default 20). */
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  readonly gameId?: string;
  /** DHT nodes that are not players (the authority's node and friends; default 3). */
  readonly infraNodes?: number;
  /** How long the fake authority takes to answer a proof with a ban, ms (default 50). */
  readonly authorityDelayMs?: number;
}

/** One simulated player. */
export interface ZonePlayer {
  readonly index: number;
  readonly id: PeerId;
  readonly name: string;
  readonly ctx: ZonePeerContext;
  readonly dht: DhtNode;
  readonly transport: SimTransport;
  /** Its zone room, once `join` succeeded. */
  room: ZoneRoom<object, unknown> | undefined;
  crashed: boolean;
  /** Proofs this player reported. */
  readonly reported: FoundProof[];
  /** Aborts everything the player does (crash). */
  readonly abort: AbortController;
  /** Its page: long tasks delay its zone timers and message handlers ({@link BusyPage.starve}). */
  readonly page: BusyPage;
}

/**
 * A transport view that drops every message from a banned peer (what the session's gate does),
 * and hands the others over when the player's page is free.
 */
class BanGate implements Transport {
  constructor(
    readonly inner: Transport,
    readonly banned: (id: PeerId) => boolean,
    readonly page: BusyPage,
  ) {}
  get id(): PeerId {
    return this.inner.id;
  }
  get maxMessageBytes(): number {
    return this.inner.maxMessageBytes;
  }
  connect: Transport['connect'] = (peer, options) => this.inner.connect(peer, options);
  isConnected = (peer: PeerId): boolean => this.inner.isConnected(peer);
  connectedPeers = (): PeerId[] => this.inner.connectedPeers();
  send: Transport['send'] = (peer, data) => this.inner.send(peer, data);
  disconnect = (peer: PeerId): void => this.inner.disconnect(peer);
  stats: Transport['stats'] = () => this.inner.stats();
  close = (): Promise<void> => this.inner.close();
  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void {
    if (event !== 'message') return this.inner.on(event, handler);
    const fn = handler as TransportEvents['message'];
    return this.inner.on('message', (from, data) => {
      this.page.run(() => {
        if (!this.banned(from)) fn(from, data);
      });
    });
  }
}

/** N players, one network, one clock, one fake authority. */
export class ZoneHarness {
  readonly players: ZonePlayer[] = [];
  /** Bans the fake authority issued: player id -> ban certificate. */
  readonly bans = new Map<PeerId, Cert>();
  /** Proofs the fake authority refused (not proofs). */
  readonly refusedProofs: string[] = [];
  readonly #banListeners = new Set<(id: PeerId) => void>();
  readonly #pending = new Set<Promise<unknown>>();

  private constructor(
    readonly dht: DhtHarness,
    readonly options: ZoneHarnessOptions,
  ) {}

  get clock(): VirtualClock {
    return this.dht.clock;
  }

  get net(): SimNetwork {
    return this.dht.net;
  }

  get gameId(): string {
    return this.options.gameId ?? 'game-zone-test';
  }

  /** Creates the players, joins their DHT nodes and publishes their certificate records. */
  static async create(options: ZoneHarnessOptions): Promise<ZoneHarness> {
    const seed = options.seed ?? 1;
    const dht = await DhtHarness.create({ seed, latency: options.latencyMs ?? 20, jitterMs: options.jitterMs ?? 0 });
    const h = new ZoneHarness(dht, options);
    const infra = Array.from({ length: Math.max(1, options.infraNodes ?? 3) }, () => dht.addNode());
    for (const n of infra.slice(1)) await h.settle(n.node.bootstrap([infra[0]!.node.id]));
    const keys = new Map<PeerId, Uint8Array>();
    const certified: HarnessPlayer[] = [];
    for (let i = 0; i < options.players; i++) {
      const p = await dht.player(`player${i}`);
      certified.push(p);
      keys.set(p.id, p.keys.publicKey);
    }
    for (const [index, p] of certified.entries()) {
      const node = dht.addNode(p.keys.publicKey);
      await h.settle(node.node.bootstrap([infra[0]!.node.id]));
      await h.settle(node.node.put(certRecord(p.id, p.credentials, p.keyExpiry)).result);
      h.players.push(h.#player(index, p, node.node, node.transport, keys, seed));
    }
    return h;
  }

  #player(
    index: number,
    p: HarnessPlayer,
    dht: DhtNode,
    transport: SimTransport,
    keys: Map<PeerId, Uint8Array>,
    seed: number,
  ): ZonePlayer {
    const isBanned = (id: PeerId): boolean => this.bans.has(id);
    const reported: FoundProof[] = [];
    const page = new BusyPage(this.clock, new SeededRng(`${seed}-page-${p.id}`));
    const ctx: ZonePeerContext = {
      playerId: p.id,
      gameId: this.gameId,
      transport: new BanGate(transport, isBanned, page),
      clock: page.clock,
      rng: new SeededRng(`${seed}-zone-${p.id}`),
      ed: this.dht.ed,
      signer: p.signer,
      membership: { publicKeyOf: (id) => keys.get(id) },
      dht,
      isBanned,
      onBan: (listener) => {
        this.#banListeners.add(listener);
        return () => {
          this.#banListeners.delete(listener);
        };
      },
      reportProof: (proof) => {
        reported.push(proof);
        this.#track(this.#judge(proof, keys));
      },
      rttTo: (id) => 2 * this.net.latencyBetween(p.id, id),
    };
    const player: ZonePlayer = {
      index,
      id: p.id,
      name: `player${index}`,
      ctx,
      dht,
      transport,
      room: undefined,
      crashed: false,
      reported,
      abort: new AbortController(),
      page,
    };
    return player;
  }

  /** The fake authority: the real NEO proof verifier, then a ban certificate, told to everyone. */
  async #judge(proof: FoundProof, keys: Map<PeerId, Uint8Array>): Promise<void> {
    const verdict = await neoProofVerifier(proof.kind as ProofKind)(proof.bytes, {
      gameId: this.gameId,
      authorityPublicKey: this.dht.authority.publicKey,
      ed: this.dht.ed,
      now: this.clock.now(),
      account: (id) => {
        const sign = keys.get(id);
        return sign === undefined ? undefined : { id, name: id, sign, box: sign, createdAt: 0 };
      },
    });
    if (!verdict.ok) {
      this.refusedProofs.push(verdict.error);
      return;
    }
    const id = verdict.value.playerId;
    if (this.bans.has(id)) return;
    const at = Math.floor(this.clock.now());
    const cert = await issueCert(this.dht.ed, this.dht.authority.secretKey, { t: 'ban', id, reason: 'cheat', at });
    this.clock.setTimeout(() => this.ban(id, cert), this.options.authorityDelayMs ?? 50);
  }

  /** Bans `id` at once (as if the authority's ban certificate reached every player). */
  ban(id: PeerId, cert?: Cert): void {
    if (this.bans.has(id)) return;
    this.bans.set(id, cert ?? { body: new Uint8Array(1), signature: new Uint8Array(64) });
    for (const fn of [...this.#banListeners]) fn(id);
  }

  /** Starts player `index` joining a zone; the promise settles as time runs. */
  join<S extends object, M>(
    index: number,
    options: Omit<JoinZoneOptions<S, M>, 'signal'>,
  ): Promise<Result<ZoneRoom<S, M>, ZoneError>> {
    const p = this.players[index]!;
    const joined = joinZone(p.ctx, { ...options, signal: p.abort.signal }).then((r) => {
      if (r.ok) p.room = r.value as unknown as ZoneRoom<object, unknown>;
      return r;
    });
    return this.#track(joined);
  }

  /** Crashes player `index`: it goes silent at once (links close after the network notices). */
  crash(index: number): void {
    const p = this.players[index]!;
    if (p.crashed) return;
    p.crashed = true;
    p.abort.abort();
    this.dht.crash(this.dht.nodes.find((n) => n.node === p.dht)!);
  }

  /** Players that have not crashed. */
  live(): ZonePlayer[] {
    return this.players.filter((p) => !p.crashed);
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#pending.add(p);
    const done = (): void => {
      this.#pending.delete(p);
    };
    p.then(done, done);
    return p;
  }

  /** Lets promise callbacks, signatures and verifications finish (they take no virtual time). */
  async quiesce(): Promise<void> {
    for (let i = 0; i < 100_000; i++) {
      await drain();
      const busy = this.players.filter((p) => !p.crashed && zoneWork(p.ctx).busy);
      if (busy.length > 0) {
        await Promise.all(busy.map((p) => zoneWork(p.ctx).idle()));
        continue;
      }
      if (this.dht.cache.pending > 0) {
        await this.dht.cache.idle();
        continue;
      }
      return;
    }
  }

  /** Advances virtual time by `ms`, timer by timer. */
  async run(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    for (;;) {
      await this.quiesce();
      const next = this.clock.nextAt();
      if (next === undefined || next > end) break;
      this.clock.runUntil(next);
    }
    this.clock.runUntil(end);
    await this.quiesce();
  }

  /** Runs until `predicate` holds (checked every 10 virtual ms); throws after `maxMs`. */
  async waitFor(predicate: () => boolean, maxMs = 60_000, what = 'condition'): Promise<void> {
    const deadline = this.clock.now() + maxMs;
    await this.quiesce();
    while (!predicate()) {
      if (this.clock.now() >= deadline) throw new Error(`${what} not reached within ${maxMs} virtual ms`);
      await this.run(10);
    }
  }

  /** Runs until `promise` settles; throws after `maxMs` of virtual time. */
  async settle<T>(promise: Promise<T>, maxMs = 120_000): Promise<T> {
    let done = false;
    const watched = promise.finally(() => {
      done = true;
    });
    await this.waitFor(() => done, maxMs, 'promise');
    return watched;
  }

  /** Aborts every player and stops every DHT node. */
  stop(): void {
    for (const p of this.players) p.abort.abort();
    this.dht.stop();
  }
}
