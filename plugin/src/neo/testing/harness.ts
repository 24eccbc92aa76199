/**
 * A multi-peer NEO harness for tests and benchmarks: N members on a {@link SimNetwork} with a
 * virtual clock, seeded randomness, real WebCrypto signatures, a {@link LogState} per member, and
 * hooks to make members adversarial. Time only moves inside `run` / `waitForRound`, which step
 * timer by timer and let every member's signature work finish before the clock moves on.
 */
import { type Clock, flushMicrotasks, VirtualClock } from '../../clock';
import { createEd25519, createSigner, type Ed25519, type SignKeyPair, signKeyPairFromSeed } from '../../crypto';
import { SeededRng } from '../../rng';
import type { LatencyModel } from '../../transport/sim/latency';
import { SimNetwork } from '../../transport/sim/sim-network';
import type { PeerId } from '../../transport/transport';
import type { NeoConfig } from '../config';
import type { GroupContext } from '../context';
import type { NeoError } from '../errors';
import type { FoundProof, ResyncReport } from '../events';
import { createNeoGroup, type NeoGroup } from '../group';
import type { NeoHooks, NeoStart } from '../options';
import type { ReplicatedState } from '../replicated-state';
import { DeferredTransport, SendQueue } from './deferred-transport';
import { LogState } from './log-state';

/** Options of {@link NeoHarness.create}. */
export interface HarnessOptions {
  /** Founding members. */
  readonly size: number;
  readonly seed?: number;
  /** One-way delay: ms for every pair, or a model (default 20 ms). */
  readonly latency?: number | LatencyModel;
  readonly jitterMs?: number;
  readonly loss?: number;
  /** Round length and deadline of the first epoch (default 50 ms, k = 2). */
  readonly roundMs?: number;
  readonly k?: number;
  readonly config?: Partial<NeoConfig>;
  /** Input of member `index` for `round` (default: 3 bytes naming both). */
  readonly inputs?: (index: number, round: number) => Uint8Array | null;
  /**
   * The state NEO replicates at member `index` (default: its {@link LogState}, which then only
   * supplies inputs when replaced). Lets room tests run a `RoomReplica` over real NEO rounds.
   */
  readonly state?: (index: number, id: PeerId, log: LogState) => ReplicatedState;
  /** Adversarial hooks per member. */
  readonly hooks?: (index: number, id: PeerId) => NeoHooks | undefined;
  readonly context?: GroupContext;
  /** Start time of the first round, virtual ms (default 1000). */
  readonly t0?: number;
  /** When set, the real time members spend handling messages and timers is added to `timing.ms`. */
  readonly timing?: { ms: number };
}

/** One simulated member. */
export interface HarnessPeer {
  readonly index: number;
  readonly id: PeerId;
  readonly group: NeoGroup;
  readonly state: LogState;
  /** The state NEO drives: `state` unless {@link HarnessOptions.state} replaced it. */
  readonly replicated: ReplicatedState;
  readonly transport: DeferredTransport;
  readonly keys: SignKeyPair;
  /** False for members given adversarial hooks. */
  readonly honest: boolean;
  crashed: boolean;
  readonly proofs: FoundProof[];
  readonly resyncs: ResyncReport[];
  readonly errors: NeoError[];
  /** Members this one reported as `suspect`. */
  readonly suspects: PeerId[];
  /** Virtual time each round was applied here. */
  readonly appliedAt: Map<number, number>;
}

/** A clock whose callbacks add the real time they take to `timing.ms`. */
function timedClock(clock: Clock, timing: { ms: number }): Clock {
  return {
    now: () => clock.now(),
    setTimeout: (fn, ms) =>
      clock.setTimeout(() => {
        const t0 = performance.now();
        fn();
        timing.ms += performance.now() - t0;
      }, ms),
    clearTimeout: (h) => clock.clearTimeout(h),
  };
}

/** Default peer ids sort in index order. */
export const peerId = (i: number): PeerId => `p${String(i).padStart(3, '0')}`;

const defaultInput = (index: number, round: number): Uint8Array =>
  Uint8Array.of(index, round & 0xff, (round >> 8) & 0xff);

/** N NEO members on one simulated network. */
export class NeoHarness {
  readonly clock = new VirtualClock();
  readonly queue = new SendQueue();
  readonly net: SimNetwork;
  readonly peers: HarnessPeer[] = [];
  readonly context: GroupContext;
  readonly #keys = new Map<PeerId, SignKeyPair>();
  readonly #rng: SeededRng;

  private constructor(
    readonly ed: Ed25519,
    readonly options: HarnessOptions,
  ) {
    const seed = options.seed ?? 1;
    this.#rng = new SeededRng(seed * 7919 + 13);
    this.net = new SimNetwork({
      clock: this.clock,
      seed,
      latency: options.latency ?? 20,
      jitterMs: options.jitterMs ?? 0,
      loss: options.loss ?? 0,
      detectionMs: 2000,
    });
    this.context = options.context ?? { gameId: 'game-1', zone: 'meadow', cell: 'q0' };
  }

  /** Creates, connects and starts `options.size` founding members. */
  static async create(options: HarnessOptions): Promise<NeoHarness> {
    const ed = await createEd25519({ backend: 'webcrypto' });
    const h = new NeoHarness(ed, options);
    const ids = Array.from({ length: options.size }, (_, i) => peerId(i));
    for (const id of ids) h.#keyOf(id);
    const transports = ids.map((id) => h.net.createPeer(id));
    for (let i = 0; i < transports.length; i++) {
      for (let j = i + 1; j < transports.length; j++) void transports[i]!.connect(ids[j]!);
    }
    await h.clock.tick(500, 50);
    const epoch = {
      epoch: 0,
      firstRound: 0,
      t0: options.t0 ?? 1000,
      roundMs: options.roundMs ?? 50,
      k: options.k ?? 2,
      members: ids,
    };
    for (let i = 0; i < ids.length; i++) await h.#addPeer(i, transports[i]!, { epoch });
    for (const p of h.peers) p.group.start();
    return h;
  }

  /** The Ed25519 public key of a (simulated) player. */
  publicKeyOf = (id: PeerId): Uint8Array | undefined => this.#keys.get(id)?.publicKey;

  #keyOf(id: PeerId): SignKeyPair {
    let k = this.#keys.get(id);
    if (k === undefined) {
      const seed = Uint8Array.from({ length: 32 }, () => this.#rng.int(256));
      k = signKeyPairFromSeed(seed);
      this.#keys.set(id, k);
    }
    return k;
  }

  async #addPeer(index: number, inner: ReturnType<SimNetwork['createPeer']>, start: NeoStart): Promise<HarnessPeer> {
    const id = inner.id;
    const keys = this.#keyOf(id);
    const transport = new DeferredTransport(inner, this.queue, index, this.options.timing);
    const input = this.options.inputs ?? defaultInput;
    const state = new LogState((round) => input(index, round), 'epoch' in start ? start.epoch.firstRound : 0);
    const replicated = this.options.state?.(index, id, state) ?? state;
    const hooks = this.options.hooks?.(index, id);
    const secrets = new SeededRng(`${this.options.seed ?? 1}-${id}`);
    const created = createNeoGroup({
      transport,
      clock: this.options.timing ? timedClock(this.clock, this.options.timing) : this.clock,
      rng: new SeededRng(`${this.options.seed ?? 1}-rng-${id}`),
      ed: this.ed,
      signer: await createSigner(this.ed, keys),
      context: this.context,
      membership: { publicKeyOf: this.publicKeyOf },
      state: replicated,
      start,
      config: this.options.config,
      randomBytes: (n) => Uint8Array.from({ length: n }, () => secrets.int(256)),
      hooks,
    });
    if (!created.ok) throw created.error;
    const peer: HarnessPeer = {
      index,
      id,
      group: created.value,
      state,
      replicated,
      transport,
      keys,
      honest: hooks === undefined,
      crashed: false,
      proofs: [],
      resyncs: [],
      errors: [],
      suspects: [],
      appliedAt: new Map(),
    };
    peer.group.on('proof', (p) => peer.proofs.push(p));
    peer.group.on('resync', (r) => peer.resyncs.push(r));
    peer.group.on('error', (e) => peer.errors.push(e));
    peer.group.on('suspect', (id) => peer.suspects.push(id));
    peer.group.on('applied', (r) => {
      if (!peer.appliedAt.has(r.round)) peer.appliedAt.set(r.round, this.clock.now());
    });
    this.peers.push(peer);
    return peer;
  }

  /** Members that have not crashed. */
  live(): HarnessPeer[] {
    return this.peers.filter((p) => !p.crashed);
  }

  /** Honest members that have not crashed. */
  honest(): HarnessPeer[] {
    return this.live().filter((p) => p.honest);
  }

  /** Lets pending signature work finish and performs queued sends, until nothing is left. */
  async settle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      await flushMicrotasks(4);
      const busy = this.peers.filter((p) => !p.crashed && p.group.busy);
      if (busy.length > 0) {
        await Promise.all(busy.map((p) => p.group.idle()));
        continue;
      }
      if (this.queue.flush() === 0) return;
    }
  }

  /** Advances virtual time by `ms`, one timer at a time. */
  async run(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    for (;;) {
      await this.settle();
      const next = this.clock.nextAt();
      if (next === undefined || next > end) break;
      this.clock.runUntil(next);
    }
    this.clock.runUntil(end);
    await this.settle();
  }

  /** Runs until every live member of `peers` has applied round `round` (throws after `maxMs` of virtual time). */
  async waitForRound(round: number, peers = this.live(), maxMs = 60_000): Promise<void> {
    const deadline = this.clock.now() + maxMs;
    while (peers.some((p) => (p.group.appliedRound ?? -1) < round)) {
      if (this.clock.now() >= deadline) {
        const behind = peers
          .filter((p) => (p.group.appliedRound ?? -1) < round)
          .map((p) => `${p.id}@${p.group.appliedRound}`);
        throw new Error(`round ${round} not applied within ${maxMs} ms: ${behind.join(' ')}`);
      }
      await this.run(10);
    }
  }

  /** Crashes a member: it goes silent at once (the network notices later). */
  crash(id: PeerId): void {
    const p = this.peers.find((x) => x.id === id);
    if (p === undefined) throw new Error(`no peer ${id}`);
    p.crashed = true;
    p.group.stop();
    this.net.crash(id);
  }

  /** Adds a peer that joins the running group through `via` (default: every live member). */
  async join(id: PeerId = peerId(this.peers.length), via?: PeerId[]): Promise<HarnessPeer> {
    const inner = this.net.createPeer(id);
    for (const p of this.live()) void inner.connect(p.id);
    await this.run(200);
    const peer = await this.#addPeer(this.peers.length, inner, { join: { via: via ?? this.live().map((p) => p.id) } });
    peer.group.start();
    return peer;
  }

  /** Stops every member. */
  stop(): void {
    for (const p of this.peers) p.group.stop();
  }
}
