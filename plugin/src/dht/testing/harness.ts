/**
 * A many-node DHT harness on {@link SimNetwork}: virtual clock, seeded randomness and latency,
 * real Ed25519 certificates from a test authority, a shared contact pool and validation cache
 * (so hundreds or thousands of nodes fit in one process), and a driver that steps virtual time.
 */
import { type Cert, issueCert, type PlayerCredentials, playerIdFromSignKey } from '../../auth';
import { VirtualClock } from '../../clock';
import {
  createEd25519,
  createSigner,
  type Ed25519,
  type Signer,
  type SignKeyPair,
  signKeyPairFromSeed,
} from '../../crypto';
import { type Rng, SeededRng } from '../../rng';
import { type LatencyModel, logNormalLatency } from '../../transport/sim/latency';
import { SimNetwork } from '../../transport/sim/sim-network';
import type { SimTransport } from '../../transport/sim/sim-transport';
import type { DhtConfig } from '../config';
import { ContactPool } from '../contact';
import { nodeIdFromSignKey, peerIdOfNodeId } from '../ids';
import { transportAuthenticator } from '../network/authenticator';
import { DhtNode, type DhtNodeOptions } from '../node';
import { ValidationCache } from '../records/validation-cache';
import { VirtualDriver } from './driver';

/** Virtual start time: a realistic epoch, so certificate times look like real ones. */
export const DHT_T0 = 1_750_000_000_000;
const DAY = 24 * 3600 * 1000;

/** Options of {@link DhtHarness.create}. */
export interface DhtHarnessOptions {
  readonly seed?: number;
  /** One-way delay model (default: log-normal, median 40 ms). */
  readonly latency?: number | LatencyModel;
  readonly jitterMs?: number;
  readonly config?: Partial<DhtConfig>;
  /** Extra options for every node. */
  readonly node?: Partial<DhtNodeOptions>;
  /** Shared signature cache capacity (default 100,000). */
  readonly cacheSize?: number;
}

/** A certified player with a real key pair (for records that need signatures). */
export interface HarnessPlayer {
  readonly id: string;
  readonly keys: SignKeyPair;
  readonly credentials: PlayerCredentials;
  readonly signer: Signer;
  readonly keyExpiry: number;
}

/** One simulated node. */
export interface HarnessNode {
  readonly node: DhtNode;
  readonly transport: SimTransport;
  alive: boolean;
}

export class DhtHarness {
  readonly nodes: HarnessNode[] = [];
  readonly pool = new ContactPool();
  readonly driver: VirtualDriver;

  private constructor(
    readonly clock: VirtualClock,
    readonly net: SimNetwork,
    readonly ed: Ed25519,
    readonly authority: SignKeyPair,
    readonly cache: ValidationCache,
    readonly rng: Rng,
    private readonly options: DhtHarnessOptions,
  ) {
    this.driver = new VirtualDriver(clock, cache);
  }

  static async create(options: DhtHarnessOptions = {}): Promise<DhtHarness> {
    const seed = options.seed ?? 1;
    const rng = new SeededRng(seed);
    const clock = new VirtualClock(DHT_T0);
    const net = new SimNetwork({
      clock,
      rng: rng.fork(),
      latency: options.latency ?? logNormalLatency({ seed }),
      jitterMs: options.jitterMs ?? 2,
    });
    const authority = signKeyPairFromSeed(randomSeed(rng));
    const cache = new ValidationCache(options.cacheSize ?? 100_000);
    return new DhtHarness(clock, net, await createEd25519(), authority, cache, rng, options);
  }

  /**
   * Adds a node (not joined yet). Its node id is the hash of `signPublicKey`, or of 32 seeded
   * random bytes standing for a key when the node never signs anything (cheaper than a key pair).
   */
  addNode(signPublicKey?: Uint8Array, extra: Partial<DhtNodeOptions> = {}): HarnessNode {
    const key = signPublicKey ?? randomSeed(this.rng);
    const nodeId = nodeIdFromSignKey(key);
    const transport = this.net.createPeer(peerIdOfNodeId(nodeId));
    const node = new DhtNode({
      transport,
      clock: this.clock,
      nodeId,
      authenticator: transportAuthenticator,
      ed: this.ed,
      authorityKey: this.authority.publicKey,
      rng: this.rng.fork(),
      config: this.options.config,
      validationCache: this.cache,
      contacts: this.pool,
      ...this.options.node,
      ...extra,
    });
    node.start();
    const h: HarnessNode = { node, transport, alive: true };
    this.nodes.push(h);
    return h;
  }

  /** A player certified by the harness authority, key certificate valid for a day. */
  async player(name: string): Promise<HarnessPlayer> {
    const keys = signKeyPairFromSeed(randomSeed(this.rng));
    const id = playerIdFromSignKey(keys.publicKey);
    const keyExpiry = Math.floor(this.clock.now()) + DAY;
    const key = await issueCert(this.ed, this.authority.secretKey, { t: 'key', id, exp: keyExpiry });
    const identity = await issueCert(this.ed, this.authority.secretKey, {
      t: 'pk',
      id,
      name,
      sign: keys.publicKey,
      box: keys.publicKey,
    });
    return { id, keys, credentials: { key, identity }, signer: await createSigner(this.ed, keys), keyExpiry };
  }

  /** A ban certificate from the harness authority. */
  ban(id: string, reason = 'test'): Promise<Cert> {
    return issueCert(this.ed, this.authority.secretKey, { t: 'ban', id, reason, at: Math.floor(this.clock.now()) });
  }

  /** Joins `node` through `via` (default: the first node). */
  join(node: HarnessNode, via: HarnessNode = this.nodes[0]!): ReturnType<DhtNode['bootstrap']> {
    return this.driver.settle(node.node.bootstrap([via.node.id]));
  }

  /**
   * Joins `nodes` through `via` in waves that grow with the network (a quarter of the nodes
   * already in, at most `maxWave`), the way a network grows. Returns how many joins failed.
   */
  async joinAll(nodes: readonly HarnessNode[], via: HarnessNode, maxWave = 64): Promise<number> {
    let failures = 0;
    for (let next = 0, joined = 1; next < nodes.length; ) {
      const wave = nodes.slice(next, next + Math.min(maxWave, Math.max(1, Math.floor(joined / 4))));
      next += wave.length;
      const results = await this.driver.settle(Promise.all(wave.map((n) => n.node.bootstrap([via.node.id]))), 1e12);
      for (const r of results) if (!r.ok) failures++;
      joined += wave.length;
    }
    return failures;
  }

  /** Runs `ms` of virtual time with one scheduler calling every live node's due maintenance each `tickMs`. */
  async runMaintenance(ms: number, tickMs = 10_000): Promise<void> {
    const end = this.clock.now() + ms;
    const tick = (): void => {
      const now = this.clock.now();
      for (const n of this.nodes) if (n.alive && n.node.maintenanceDueAt <= now) void n.node.maintain();
      if (now + tickMs <= end) this.clock.setTimeout(tick, tickMs);
    };
    this.clock.setTimeout(tick, tickMs);
    await this.driver.runUntil(end);
  }

  /** Crashes a node: it vanishes without a word; its links close after the detection delay. */
  crash(node: HarnessNode): void {
    if (!node.alive) return;
    node.alive = false;
    node.node.stop();
    this.net.crash(node.node.id);
  }

  /** The live nodes. */
  live(): HarnessNode[] {
    return this.nodes.filter((n) => n.alive);
  }

  /** Stops every node. */
  stop(): void {
    for (const n of this.nodes) n.node.stop();
  }
}

/** 32 bytes from a seeded generator (deterministic keys and stand-in keys for tests). */
export function randomSeed(rng: Rng): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = rng.int(256);
  return out;
}
