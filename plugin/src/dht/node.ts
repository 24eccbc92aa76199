import type { Clock, TimerHandle } from '../clock';
import type { Ed25519 } from '../crypto';
import { type Rng, SeededRng } from '../rng';
import type { PeerId, Transport } from '../transport/transport';
import { type Err, err, type Result } from '../util/result';
import { WireCounters } from '../wire';
import { type DhtConfig, resolveDhtConfig } from './config';
import type { Contact } from './contact';
import { type ContactFactory, plainContacts } from './contact';
import type { NodeContext } from './context';
import { DhtError, DhtErrorCode } from './errors';
import { ID_BYTES, keyHex, type NodeId, peerIdOfNodeId, recordKey } from './ids';
import { type MaintenanceReport, maintain } from './maintenance/maintain';
import type { PeerAuthenticator } from './network/authenticator';
import { ConnectionManager } from './network/connection-manager';
import { type BootstrapResult, bootstrapNode } from './operations/bootstrap';
import { type GetResult, getRecord } from './operations/get';
import type { NodeInternals, Published } from './operations/internals';
import { type PutResult, replicate } from './operations/replicate';
import { runLookup } from './query/lookup';
import { DhtQuery } from './query/query';
import type { DhtRecord } from './records/record';
import { RecordStore } from './records/record-store';
import { defaultValidators } from './records/registry';
import { RecordValidation } from './records/validation';
import { ValidationCache } from './records/validation-cache';
import type { GroupAuthorizer, RecordValidator } from './records/validator';
import { RoutingTable } from './routing/routing-table';
import { type RoutingStats, routingStats } from './routing/stats';
import { Dispatcher } from './rpc/dispatcher';
import { RpcClient } from './rpc/rpc-client';
import { type DhtCounters, newCounters } from './stats';

/** Options of {@link DhtNode}. */
export interface DhtNodeOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  /** This node's id: `nodeIdFromSignKey(signPublicKey)`; its first 16 bytes must be the transport id. */
  readonly nodeId: NodeId;
  /**
   * Authenticates transport senders: `transportAuthenticator` for SimNetwork,
   * `peerDirectoryAuthenticator(directory)` for PeerJS links (signed hello).
   */
  readonly authenticator: PeerAuthenticator;
  readonly ed: Ed25519;
  /** The pinned authority key every certificate is checked against. */
  readonly authorityKey: Uint8Array;
  /** Randomness for request ids, refresh targets and jitter (default: seeded from the node id). */
  readonly rng?: Rng;
  readonly config?: Partial<DhtConfig>;
  /** Record types (default {@link defaultValidators}). */
  readonly validators?: readonly RecordValidator[];
  /** Signature-check cache (default: a fresh one per node). */
  readonly validationCache?: ValidationCache;
  /** Checks the member list of area writes against the groups layer. */
  readonly authorizeGroup?: GroupAuthorizer;
  /** This node is the archival replica of permanent records (the authority's node). */
  readonly archive?: boolean;
  /**
   * Archival replicas that also get every permanent record this node stores (the authority's
   * node). They are kept out of the routing table: a bootstrap and an archive, never asked by
   * lookups, reads, writes or refreshes.
   */
  readonly archivePeers?: readonly PeerId[];
  /** Contact factory (a shared `ContactPool` in large simulations). */
  readonly contacts?: ContactFactory;
  /** `internal` (default): a timer runs {@link DhtNode.maintain}; `external`: the owner calls it. */
  readonly scheduler?: 'internal' | 'external';
  /** Counters of decoded and dropped wire messages (default: a fresh one). */
  readonly wireCounters?: WireCounters;
}

/** An isolated node joins again through its bootstrap peers at most this often, ms. */
export const REJOIN_MIN_MS = 5000;

const NOTHING_DONE: MaintenanceReport = Object.freeze({ expired: 0, republished: 0, refreshed: 0 });

/** Options of the lookups. */
export interface QueryOptions {
  readonly signal?: AbortSignal;
}

/** Options of {@link DhtNode.put}. */
export interface PutOptions extends QueryOptions {
  /**
   * Republish the record every interval while it lives (default true). The archive node passes
   * false for records their owners publish (the certificates it issues): it keeps them as
   * archive, and republishes one only when nobody else did for an interval.
   */
  readonly republish?: boolean;
}

/** What {@link DhtNode.findNode} returns. */
export interface FindNodeResult {
  readonly closest: Contact[];
  readonly hops: number;
  readonly queried: number;
}

/**
 * A Kademlia DHT node over a {@link Transport} (paper section 3.3): k-buckets (k = 20), iterative
 * lookups with alpha = 3, PING / FIND_NODE / FIND_VALUE / STORE, typed signed records validated
 * on every store and read, quorum reads with read repair, republish and bucket refresh, and at
 * most `maxConnections` open links. Lookups return a {@link DhtQuery}: iterate it for progress
 * events, await `result` for the outcome (errors are values). See `plugin/spec/dht.md`.
 */
export class DhtNode {
  readonly id: PeerId;
  readonly nodeId: NodeId;
  readonly config: DhtConfig;
  readonly routing: RoutingTable;
  readonly store: RecordStore;
  readonly validation: RecordValidation;
  readonly connections: ConnectionManager;
  readonly wireCounters: WireCounters;
  readonly #transport: Transport;
  readonly #clock: Clock;
  readonly #ctx: NodeContext;
  readonly #rpc: RpcClient;
  readonly #dispatcher: Dispatcher;
  readonly #internals: NodeInternals;
  readonly #counters: DhtCounters = newCounters();
  readonly #published = new Map<string, Published>();
  readonly #scheduler: 'internal' | 'external';
  readonly #off: (() => void)[] = [];
  #timer: TimerHandle | undefined;
  #maintaining: Promise<MaintenanceReport> | undefined;
  #state: 'idle' | 'running' | 'stopped' = 'idle';
  #seeds: readonly PeerId[] = [];
  #lastRejoin = Number.NEGATIVE_INFINITY;
  #rejoins = 0;

  constructor(options: DhtNodeOptions) {
    if (options.nodeId.length !== ID_BYTES) throw new RangeError('node id must be 32 bytes');
    this.id = peerIdOfNodeId(options.nodeId);
    if (options.transport.id !== this.id) {
      throw new RangeError(`transport id ${options.transport.id} is not the node id's peer id ${this.id}`);
    }
    this.nodeId = options.nodeId.slice();
    this.config = resolveDhtConfig(options.config);
    this.#transport = options.transport;
    this.#clock = options.clock;
    this.#scheduler = options.scheduler ?? 'internal';
    const rng = options.rng ?? new SeededRng(this.id);
    this.routing = new RoutingTable(
      this.nodeId,
      this.config.k,
      this.config.replacementCacheSize,
      this.config.maxContactFailures,
    );
    this.store = new RecordStore(this.config.maxRecords);
    this.validation = new RecordValidation(options.validators ?? defaultValidators, {
      ed: options.ed,
      authorityKey: options.authorityKey,
      cache: options.validationCache ?? new ValidationCache(),
      authorizeGroup: options.authorizeGroup,
    });
    this.wireCounters = options.wireCounters ?? new WireCounters();
    this.#ctx = {
      clock: options.clock,
      rng,
      config: this.config,
      selfNodeId: this.nodeId,
      routing: this.routing,
      store: this.store,
      validation: this.validation,
      contacts: options.contacts ?? plainContacts,
      archive: options.archive ?? false,
      due: { at: 0 },
      fallback: { contacts: [] },
    };
    this.connections = new ConnectionManager({
      transport: options.transport,
      clock: options.clock,
      authenticator: options.authenticator,
      maxConnections: this.config.maxConnections,
      graceMs: this.config.linkGraceMs,
      connectTimeoutMs: this.config.connectTimeoutMs,
      authTimeoutMs: this.config.authTimeoutMs,
    });
    this.#rpc = new RpcClient(
      options.transport,
      this.connections,
      options.clock,
      rng,
      this.nodeId,
      this.config.rpcTimeoutMs,
    );
    this.#dispatcher = new Dispatcher(
      this.#ctx,
      options.transport,
      this.#rpc,
      options.authenticator,
      this.connections,
      this.#counters,
      this.wireCounters,
    );
    this.#internals = {
      selfId: this.id,
      ctx: this.#ctx,
      rpc: this.#rpc,
      counters: this.#counters,
      archivePeers: [],
      published: this.#published,
    };
    this.setArchivePeers(options.archivePeers ?? []);
  }

  /** Starts answering requests (and the maintenance timer). Idempotent; no-op once stopped. */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#off.push(
      this.#transport.on('message', (from, data) => this.#dispatcher.onMessage(from, data)),
      this.#transport.on('close', (peer) => this.#rpc.onLinkClosed(peer)),
    );
    if (this.#scheduler === 'internal') this.#schedule(this.#ctx.rng.next() * this.config.maintenanceTickMs);
  }

  /** Stops: pending requests fail with `stopped`, timers end, the transport stays open. Idempotent. */
  stop(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    for (const off of this.#off.splice(0)) off();
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dispatcher.stop();
    this.#rpc.stop();
    this.connections.stop();
  }

  /** Joins through `peers` (from `GET /api/bootstrap`; the authority's node first). */
  async bootstrap(peers: readonly PeerId[], options: QueryOptions = {}): Promise<Result<BootstrapResult, DhtError>> {
    const stopped = this.#checkRunning();
    if (stopped !== undefined) return stopped;
    const r = await bootstrapNode(this.#internals, peers, options.signal);
    if (r.ok) {
      this.#seeds = peers.filter((p) => p !== this.id);
      // A join just happened: an empty table right after it (the first player) is no reason to rejoin.
      this.#lastRejoin = this.#clock.now();
    }
    return r;
  }

  /**
   * A node that lost every contact (its network went away and each failed request dropped one)
   * can look nothing up any more, and no maintenance pass starts from nothing: before a lookup,
   * it joins again through the peers of its last successful bootstrap (at most every
   * {@link REJOIN_MIN_MS}), so a node cut off for a while finds the network again once it is back.
   */
  async #rejoinIfIsolated(signal: AbortSignal | undefined): Promise<void> {
    if (this.#ctx.routing.size > 0 || this.#seeds.length === 0) return;
    const now = this.#clock.now();
    if (now - this.#lastRejoin < REJOIN_MIN_MS) return;
    this.#lastRejoin = now;
    this.#rejoins++;
    await bootstrapNode(this.#internals, this.#seeds, signal);
  }

  /**
   * Sets the archival replicas that also get every permanent record (the authority's node), and
   * keeps them out of the routing table from now on: after the join they are contacted only for
   * the archive copy of permanent records and for (re)joins.
   */
  setArchivePeers(peers: readonly PeerId[]): void {
    const archive = peers.filter((p) => p !== this.id);
    this.#internals.archivePeers = archive;
    this.routing.exclude(archive);
  }

  /** Round-trip time to `peer` in ms, or why it did not answer. */
  async ping(peer: PeerId, options: QueryOptions = {}): Promise<Result<number, DhtError>> {
    const stopped = this.#checkRunning();
    if (stopped !== undefined) return stopped;
    const t0 = this.#clock.now();
    const r = await this.#rpc.request(peer, 'dhtPing', [], { signal: options.signal });
    return r.ok ? { ok: true, value: this.#clock.now() - t0 } : r;
  }

  /** The k nodes closest to `target`. */
  findNode(target: Uint8Array, options: QueryOptions = {}): DhtQuery<FindNodeResult> {
    return new DhtQuery<FindNodeResult>(async (emit) => {
      const stopped = this.#checkRunning();
      if (stopped !== undefined) return stopped;
      await this.#rejoinIfIsolated(options.signal);
      const r = await runLookup(this.#ctx, this.#rpc, {
        target,
        mode: 'node',
        signal: options.signal,
        emit,
      });
      return r.ok ? { ok: true, value: { closest: r.value.closest, hops: r.value.hops, queried: r.value.queried } } : r;
    });
  }

  /** Reads the record under a typed key (`cert:<id>`) or a DHT key: a validated quorum read. */
  get(key: string | Uint8Array, options: QueryOptions & { quorum?: number } = {}): DhtQuery<GetResult> {
    const dhtKey = typeof key === 'string' ? recordKey(key) : key;
    return new DhtQuery(async (emit) => {
      const stopped = this.#checkRunning();
      if (stopped !== undefined) return stopped;
      await this.#rejoinIfIsolated(options.signal);
      return getRecord(this.#internals, dhtKey, emit, { signal: options.signal, quorum: options.quorum });
    });
  }

  /**
   * Validates `record` and stores it on the k closest nodes (and the archive when permanent).
   * This node republishes it every interval until it expires, unless `republish` is false.
   */
  put(record: DhtRecord, options: PutOptions = {}): DhtQuery<PutResult> {
    return new DhtQuery(async (emit) => {
      const stopped = this.#checkRunning();
      if (stopped !== undefined) return stopped;
      const valid = await this.validation.validate(record, this.#clock.now());
      await this.#rejoinIfIsolated(options.signal);
      if (!valid.ok) {
        return err(new DhtError(DhtErrorCode.InvalidRecord, `record refused: ${valid.error}`, { cause: valid.error }));
      }
      if (options.republish !== false) {
        const republishAt = this.#clock.now() + this.config.republishIntervalMs;
        this.#published.set(keyHex(valid.value.dhtKey), { record, republishAt });
        this.#ctx.due.at = Math.min(this.#ctx.due.at, republishAt);
      }
      return replicate(this.#internals, valid.value, emit, options.signal);
    });
  }

  /** Runs one maintenance pass now (expiry, due republishes, stale bucket refresh). */
  maintain(): Promise<MaintenanceReport> {
    if (this.#state !== 'running' || (this.#maintaining === undefined && this.#clock.now() < this.#ctx.due.at)) {
      return Promise.resolve(NOTHING_DONE);
    }
    this.#maintaining ??= maintain(this.#internals).finally(() => {
      this.#maintaining = undefined;
    });
    return this.#maintaining;
  }

  /** Clock time from which {@link maintain} has work to do (an external scheduler may skip the node until then). */
  get maintenanceDueAt(): number {
    return this.#ctx.due.at;
  }

  /** Counters of this node (RPCs handled, drops, maintenance). */
  counters(): DhtCounters & {
    rpc: RpcClient['counters'];
    routing: RoutingStats;
    records: number;
    links: number;
    rejoins: number;
  } {
    const c = this.#counters;
    return {
      ...c,
      rejoins: this.#rejoins,
      handled: { ...c.handled },
      drops: { ...c.drops },
      rpc: { ...this.#rpc.counters },
      routing: routingStats(this.routing),
      records: this.store.size,
      links: this.connections.size,
    };
  }

  #schedule(delay: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      if (this.#state !== 'running') return;
      void this.maintain().finally(() => {
        if (this.#state === 'running') this.#schedule(this.config.maintenanceTickMs);
      });
    }, delay);
  }

  #checkRunning(): Err<DhtError> | undefined {
    if (this.#state === 'running') return undefined;
    return err(
      new DhtError(DhtErrorCode.Stopped, this.#state === 'idle' ? 'dht node not started' : 'dht node stopped'),
    );
  }
}
