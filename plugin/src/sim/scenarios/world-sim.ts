/**
 * The world simulation (see `world.ts`): players, the group models, the records directory, the
 * leaders' upkeep, observation and zone events, and the measurements.
 */
import { issueCert } from '../../auth';
import { VirtualClock } from '../../clock';
import { createEd25519, signKeyPairFromSeed } from '../../crypto';
import { groupIdOf } from '../../dht/records/validators/group';
import { deriveCellState } from '../../groups/cell-composite';
import { type CellMessages, cellRoom } from '../../groups/cell-room';
import type { CellParams, CellState } from '../../groups/cell-state';
import { cellRect, type Point, type RootSquare, rootSquare } from '../../groups/geometry';
import { changeRound, type NeoConfig, resolveConfig } from '../../neo/config';
import type { Epoch } from '../../neo/schedule';
import { SeededRng } from '../../rng';
import type { RoomDefinition } from '../../room/types';
import { logNormalLatency } from '../../transport/sim/latency';
import { SimNetwork } from '../../transport/sim/sim-network';
import type { PeerId } from '../../transport/transport';
import type { Rect } from '../../zone/types';
import { Histogram } from '../scenario';
import { averageRoundBytes, SIGN_MS, VERIFY_MS } from './world-cost';
import { type DirectoryHost, SimDirectory, type SimRecord } from './world-dht';
import type { EventTrack } from './world-event-figures';
import { WorldEvents } from './world-events';
import { type GroupWorld, SimGroup } from './world-group';
import { WorldFeeds } from './world-observe';
import { SimPlayer } from './world-player';
import { WorldRecords } from './world-records';
import { WorldTree } from './world-tree';
import { warmStart } from './world-warm';

/** Options of one run. */
export interface WorldOptions {
  readonly players: number;
  readonly seconds: number;
  readonly seed: number;
  readonly maxGroup: number;
  readonly minGroup: number;
  readonly holdMs: number;
  readonly borderMargin: number;
  readonly viewMargin: number;
  readonly camera: { readonly width: number; readonly height: number };
  /** Walking speed, world units per second. */
  readonly speed: number;
  /** Players per 1024 x 1024 world units (8: the average leaf holds about 8). */
  readonly density: number;
  readonly eventEverySeconds: number;
  readonly settleSeconds: number;
  readonly warmupSeconds: number;
  readonly log?: (line: string) => void;
}

export const ZONE = 'world';
/** The bell is rung this far ahead: enough for O(depth) hops, each a lookup and a link, ms. */
export const BELL_LEAD_MS = 8000;
export const R = 50;
export const K = 2;
const STEWARD_MS = 3000;
const LINGER_ROUNDS = 2 * K + 4 + 4;

/** The world: every player, group and record of one zone. */
export class World implements GroupWorld, DirectoryHost {
  readonly clock = new VirtualClock(1_750_000_000_000);
  readonly rng: SeededRng;
  readonly net: SimNetwork;
  readonly config: NeoConfig;
  readonly root: RootSquare;
  readonly bounds: Rect;
  readonly dir: SimDirectory;
  readonly records: WorldRecords;
  readonly tree: WorldTree;
  readonly feeds: WorldFeeds;
  readonly bells: WorldEvents;
  readonly players: SimPlayer[] = [];
  readonly byId = new Map<PeerId, SimPlayer>();
  readonly groups = new Map<string, SimGroup>();
  readonly sig = new Uint8Array(64).fill(7);
  readonly counters = {
    handoffs: 0,
    handoffsStarted: 0,
    handoffsAborted: 0,
    splits: 0,
    reroots: 0,
    founded: 0,
    joins: 0,
  };
  certBytes = 190;
  readonly up: (player: PeerId, bytes: number, kind?: string) => void;
  /** Bytes sent by kind (all players). */
  get byKind(): Map<string, number> {
    return new Map(Object.entries(this.#kinds));
  }
  #kinds: Record<string, number> = {};
  readonly #bytes: Float64Array;
  readonly #index = new Map<PeerId, number>();
  readonly #defs = new Map<string, RoomDefinition<CellState, CellMessages>>();
  readonly #rects = new Map<string, Rect>();
  readonly #reroots = new WeakSet<SimGroup>();
  readonly #steward = new WeakMap<SimGroup, number>();
  readonly #hotspot: { x: number; y: number; r: number };
  /** New WebRTC links opened (expected), each an offer and answer relayed by the authority's signalling. */
  links = 0;
  signatures = 0;
  verifications = 0;
  readonly staleness = new Histogram(1, 20_000);
  readonly checkedStaleness = new Histogram(1, 20_000);
  readonly events = new Map<string, EventTrack>();
  readonly lost = new Set<PeerId>();
  readonly duplicated = new Set<PeerId>();
  readonly sizes: number[] = [];
  maxDuringRun = 0;
  /** Mean group size of the warm start. */
  warmMean = 0;

  constructor(readonly o: WorldOptions) {
    this.rng = new SeededRng(`world-${o.seed}`);
    this.net = new SimNetwork({
      clock: this.clock,
      seed: o.seed,
      latency: logNormalLatency({ seed: o.seed }),
      loss: 0.02,
    });
    const c = resolveConfig({});
    if (!c.ok) throw new Error('neo config');
    this.config = c.value;
    const side = 1024 * Math.sqrt(o.players / o.density);
    this.bounds = { x: 0, y: 0, width: side, height: side };
    this.root = rootSquare(this.bounds);
    // A third of the players converge on one hotspot: a disc where they end at 4x the density.
    const r = Math.sqrt(o.players / 3 / ((4 * o.density) / (1024 * 1024)) / Math.PI);
    this.#hotspot = { x: side * 0.5, y: side * 0.5, r };
    this.#bytes = new Float64Array(o.players);
    this.up = (player, bytes, kind = 'other') => {
      const i = this.#index.get(player);
      if (i !== undefined) this.#bytes[i]! += bytes;
      this.#kinds[kind] = (this.#kinds[kind] ?? 0) + bytes;
    };
    this.dir = new SimDirectory(this);
    this.records = new WorldRecords(this);
    this.tree = new WorldTree(this);
    this.feeds = new WorldFeeds(this);
    this.bells = new WorldEvents(this);
  }

  /** Measures a real identity certificate's size (votes in records carry one each). */
  async measureCert(): Promise<void> {
    const ed = await createEd25519();
    const keys = signKeyPairFromSeed(new Uint8Array(32).fill(3));
    const cert = await issueCert(ed, keys.secretKey, {
      t: 'pk',
      id: 'a'.repeat(32),
      name: 'player1234',
      sign: keys.publicKey,
      box: keys.publicKey,
    });
    this.certBytes = cert.body.length + cert.signature.length + 8;
  }

  latency(a: PeerId, b: PeerId): number {
    return a === b ? 0 : this.net.latencyBetween(a, b);
  }

  randomNode(): PeerId {
    return this.players[this.rng.int(this.players.length)]!.id;
  }

  linked(n: number): void {
    this.links += n;
  }

  signed(n = 1): void {
    this.signatures += n;
  }

  verified(n = 1): void {
    this.verifications += n;
  }

  rect(cell: string): Rect {
    let r = this.#rects.get(cell);
    if (r === undefined) {
      r = cellRect(this.root, cell);
      this.#rects.set(cell, r);
    }
    return r;
  }

  params(cell: string): CellParams {
    return {
      gameId: 'world-sim',
      zone: ZONE,
      cell,
      root: this.root,
      bounds: this.bounds,
      rule: { maxGroup: this.o.maxGroup, minGroup: this.o.minGroup, holdMs: this.o.holdMs },
      maxSpeed: this.o.speed * 1.5,
      changeRound: (q) => changeRound(this.config, this.config.maxK, q),
    };
  }

  def(cell: string): RoomDefinition<CellState, CellMessages> {
    let d = this.#defs.get(cell);
    if (d === undefined) {
      d = cellRoom(this.params(cell));
      this.#defs.set(cell, d);
    }
    return d;
  }

  /** A random point: uniform in the zone, or (the crowd) in the hotspot disc. */
  waypoint(hot: boolean): Point {
    if (!hot) return { x: this.rng.next() * this.bounds.width, y: this.rng.next() * this.bounds.height };
    const a = this.rng.next() * 2 * Math.PI;
    const d = this.#hotspot.r * Math.sqrt(this.rng.next());
    return { x: this.#hotspot.x + d * Math.cos(a), y: this.#hotspot.y + d * Math.sin(a) };
  }

  /** Places the players (the crowd in a disc twice the hotspot's radius: the average density) and builds the warm tree. */
  populate(): void {
    const n = this.o.players;
    for (let i = 0; i < n; i++) {
      const id = `w${String(i).padStart(6, '0')}`;
      const hot = i % 3 === 0;
      let p = this.waypoint(false);
      if (hot) {
        const a = this.rng.next() * 2 * Math.PI;
        const d = 2 * this.#hotspot.r * Math.sqrt(this.rng.next());
        p = { x: this.#hotspot.x + d * Math.cos(a), y: this.#hotspot.y + d * Math.sin(a) };
      }
      const player = new SimPlayer(this, id, i, hot, p, this.waypoint(hot));
      this.players.push(player);
      this.byId.set(id, player);
      this.#index.set(id, i);
      this.tree.caches.push(new Map());
      this.net.createPeer(id);
    }
    warmStart(this);
  }

  /** The live group a record names (its cell and group id). */
  liveGroup(rec: Pick<SimRecord, 'cell' | 'groupId'>): SimGroup | undefined {
    const g = this.groups.get(`${rec.cell}|${rec.groupId}`);
    return g === undefined || g.ended ? undefined : g;
  }

  isReroot(g: SimGroup): boolean {
    return this.#reroots.has(g);
  }

  /** A new group of `player` alone at `cell`, on the zone's round grid. */
  found(cell: string, player: SimPlayer): SimGroup {
    const t0 = Math.ceil((this.clock.now() + 100) / R) * R;
    const groupId = groupIdOf(player.id, t0);
    const g = new SimGroup(this, cell, groupId, this.def(cell), {
      epoch: 0,
      firstRound: 0,
      t0,
      roundMs: R,
      k: K,
      members: [player.id],
    });
    g.kind = 'founded';
    this.groups.set(`${cell}|${groupId}`, g);
    this.counters.founded++;
    return g;
  }

  /** `player` asks a member of `g` to relay its join (NEO join: in at the change round). */
  join(player: SimPlayer, g: SimGroup): void {
    const relay = g.members[0]!;
    this.up(player.id, 40, 'join');
    // The joiner links to the group's members (NEO runs all-to-all).
    this.linked(g.members.length);
    this.clock.setTimeout(
      () => {
        if (!g.ended && player.transit === g) g.propose('j', player.id);
      },
      this.latency(player.id, relay),
    );
  }

  /** `player` leaves `g` (NEO leave; alone: the group stops). */
  leave(player: SimPlayer, g: SimGroup): void {
    if (g.ended) return;
    const last = g.schedule[g.schedule.length - 1]!;
    if (last.members.length <= 1 && last.members[0] === player.id) {
      g.stop();
      player.exiting.delete(g);
      return;
    }
    if (last.members.includes(player.id)) g.propose('l', player.id);
  }

  // --- GroupWorld -------------------------------------------------------------------------

  applied(g: SimGroup, round: number, decidedAt: number): void {
    const e = g.epochNow;
    for (const m of e.members) {
      const p = this.byId.get(m);
      if (p !== undefined && (p.group === g || p.transit === g)) p.onApplied(g);
    }
    this.records.publish(g, e);
    this.feeds.feed(g, round, e);
    this.bells.onApplied(g, round);
    this.bells.bridgeFrom(g);
    const next = this.#steward.get(g) ?? 0;
    if (this.clock.now() >= next) {
      this.#steward.set(g, this.clock.now() + STEWARD_MS + this.rng.int(1000));
      if (next !== 0) this.records.stewardship(g, e);
    }
    void decidedAt;
  }

  epoch(g: SimGroup, e: Epoch, joined: readonly PeerId[], left: readonly PeerId[]): void {
    for (const id of left) this.byId.get(id)?.exiting.delete(g);
    if (left.length > 0) this.feeds.refeed(g, e);
    for (const id of joined) {
      const p = this.byId.get(id);
      if (p === undefined) continue;
      this.counters.joins++;
      // The relay sends the welcome and a snapshot of the group's state.
      this.up(e.members[0]!, 150 + 120 * Object.keys(g.state.entities).length, 'join');
      if (p.transit !== g && p.group !== g) g.propose('l', id);
    }
  }

  ended(g: SimGroup): void {
    const t = g.state.transition!;
    const t0 = g.time(t.at);
    const e = g.epochNow;
    const children = new Map<string, SimGroup>();
    for (const [cell, members] of Object.entries(t.groups)) {
      if (members.length === 0) continue;
      const groupId = groupIdOf(members[0]!, t0);
      const state = deriveCellState(g.state, t, cell, groupId);
      const child = new SimGroup(
        this,
        cell,
        groupId,
        this.def(cell),
        { epoch: 0, firstRound: t.at, t0, roundMs: e.roundMs, k: e.k, members: [...members] },
        { round: t.at - 1, state },
      );
      if (t.kind === 'reroot') this.#reroots.add(child);
      child.kind = t.kind;
      this.groups.set(`${cell}|${groupId}`, child);
      children.set(cell, child);
    }
    if (t.kind === 'split') this.counters.splits++;
    else this.counters.reroots++;
    const n = e.members.length;
    // The assignment was taken at the last round: it may name a member whose leave takes effect
    // at the transition round itself (both are on NEO's grid of 16), not in the epoch now.
    const named = new Set([...e.members, ...Object.values(t.groups).flat()]);
    for (const m of named) {
      // The old group's last rounds are settled by a few more messages without inputs.
      if (n > 1 && e.members.includes(m)) this.up(m, LINGER_ROUNDS * (n - 1) * averageRoundBytes(n, 0), 'linger');
      const cell = Object.keys(t.groups).find((c) => t.groups[c]!.includes(m));
      const child = cell === undefined ? undefined : children.get(cell);
      const p = this.byId.get(m);
      if (p !== undefined && p.group !== g && p.transit !== g) {
        // A member that was leaving (its entity went elsewhere) starts its child only to leave it
        // (`GroupsPlayer.#follow`): never a silent member of the child.
        if (child !== undefined) {
          p.exiting.add(child);
          this.leave(p, child);
        }
        continue;
      }
      p?.follow(g, child);
    }
    for (const p of this.players) if (p.transit === g || p.group === g) p.follow(g, undefined);
    for (const [obs, sub] of g.subscribers) {
      this.feeds.fed(obs, sub);
      this.byId.get(obs)?.observing.delete(g);
    }
  }

  // --- measurements -------------------------------------------------------------------------

  /** Bytes each player sent since the last reset. */
  bytesUp(): Float64Array {
    return this.#bytes;
  }

  resetBytes(): void {
    this.#bytes.fill(0);
    this.#kinds = {};
    this.feeds.reset();
    this.links = 0;
  }

  /** Signature work, ms of CPU per player per second (cost model). */
  cryptoMsPerPlayerSecond(seconds: number): number {
    return (this.signatures * SIGN_MS + this.verifications * VERIFY_MS) / this.players.length / seconds;
  }
}
