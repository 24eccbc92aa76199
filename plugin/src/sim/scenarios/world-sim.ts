/**
 * The world simulation (see `world.ts`): players, the group models, the records directory, the
 * leaders' upkeep, observation and zone events, and the measurements.
 */
import { issueCert } from '../../auth';
import { VirtualClock } from '../../clock';
import { createEd25519, signKeyPairFromSeed } from '../../crypto';
import { groupIdOf, isFreshGroupRecord } from '../../dht/records/validators/group';
import { deriveCellState } from '../../groups/cell-composite';
import { type CellMessages, cellRoom } from '../../groups/cell-room';
import type { CellParams, CellState } from '../../groups/cell-state';
import { CHECK_EVERY } from '../../groups/feed';
import {
  cellRect,
  childrenOf,
  contains,
  overlaps,
  type Point,
  parentOf,
  type RootSquare,
  rootSquare,
  siblingsOf,
} from '../../groups/geometry';
import { groupLeader } from '../../groups/leader';
import { QuadTree } from '../../groups/tree';
import { changeRound, type NeoConfig, resolveConfig } from '../../neo/config';
import { type Epoch, majority } from '../../neo/schedule';
import { SeededRng } from '../../rng';
import type { RoomDefinition } from '../../room/types';
import { logNormalLatency } from '../../transport/sim/latency';
import { SimNetwork } from '../../transport/sim/sim-network';
import type { PeerId } from '../../transport/transport';
import type { Rect } from '../../zone/types';
import { Histogram } from '../scenario';
import { averageRoundBytes, feedProofBytes, feedRoundBytes, SIGN_MS, VERIFY_MS } from './world-cost';
import { type DirectoryHost, SimDirectory, type SimRecord } from './world-dht';
import { type GroupWorld, SimGroup } from './world-group';
import { SimPlayer } from './world-player';

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

const ZONE = 'world';
/** The bell is rung this far ahead: enough for O(depth) hops, each a lookup and a link, ms. */
export const BELL_LEAD_MS = 8000;
/** An empty cell is read again after this long (`groups/walk.ts`), ms. */
const EMPTY_MAX_AGE_MS = 5000;
/** The leader looks at its own record this often (`groups/stewardship.ts`), ms. */
const OWN_RECORD_MS = 10_000;
/** ... and, when not their steward, at its ancestors' inner records this often, ms. */
const FALLBACK_CHECK_MS = 30_000;
const R = 50;
const K = 2;
const STEWARD_MS = 3000;
const LINGER_ROUNDS = 2 * K + 4 + 4;

function fnv(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The world: every player, group and record of one zone. */
export class World implements GroupWorld, DirectoryHost {
  readonly clock = new VirtualClock(1_750_000_000_000);
  readonly rng: SeededRng;
  readonly net: SimNetwork;
  readonly config: NeoConfig;
  readonly root: RootSquare;
  readonly bounds: Rect;
  readonly dir: SimDirectory;
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
  readonly #caches: Map<string, { rec: SimRecord | undefined; at: number }>[] = [];
  readonly #published = new Set<string>();
  readonly #lastPut = new Map<string, SimRecord>();
  readonly #reroots = new WeakSet<SimGroup>();
  readonly #steward = new WeakMap<SimGroup, number>();
  readonly #ownCheck = new WeakMap<SimGroup, number>();
  readonly #fallbackCheck = new WeakMap<SimGroup, number>();
  readonly #carried = new Set<string>();
  readonly #feedRounds = new Map<string, number>();
  readonly #hotspot: { x: number; y: number; r: number };
  authority = 0;
  signatures = 0;
  verifications = 0;
  readonly staleness = new Histogram(1, 20_000);
  readonly checkedStaleness = new Histogram(1, 20_000);
  readonly events = new Map<string, { at: number; played: Map<number, number>; alive: Set<number> | undefined }>();
  readonly lost = new Set<PeerId>();
  readonly duplicated = new Set<PeerId>();
  readonly sizes: number[] = [];
  maxDuringRun = 0;

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

  randomNode(): PeerId | 'authority' {
    const n = this.players.length;
    const i = this.rng.int(n + 1);
    return i === n ? 'authority' : this.players[i]!.id;
  }

  authorityHit(): void {
    this.authority++;
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
      this.#caches.push(new Map());
      this.net.createPeer(id);
    }
    this.#warmStart();
  }

  /** The world as if it had been running: a tree split down to groups of at most maxGroup, records stored. */
  #warmStart(): void {
    const tree = new QuadTree(this.root);
    const at = new Map<string, SimPlayer[]>();
    const place = (p: SimPlayer): Point => p.start;
    for (const p of this.players) {
      const leaf = tree.leafAt(place(p));
      const list = at.get(leaf) ?? [];
      list.push(p);
      at.set(leaf, list);
      if (list.length > this.o.maxGroup) {
        tree.split(leaf);
        at.delete(leaf);
        for (const q of list) {
          const l2 = tree.leafAt(place(q));
          at.set(l2, [...(at.get(l2) ?? []), q]);
        }
        // A child may still be too full: split again until none is.
        let again = true;
        while (again) {
          again = false;
          for (const [cell, ps] of [...at]) {
            if (ps.length <= this.o.maxGroup) continue;
            tree.split(cell);
            at.delete(cell);
            for (const q of ps) {
              const l3 = tree.leafAt(place(q));
              at.set(l3, [...(at.get(l3) ?? []), q]);
            }
            again = true;
          }
        }
      }
    }
    const t0 = Math.ceil((this.clock.now() + 200) / R) * R;
    for (const [cell, ps] of at) {
      const members = ps.map((p) => p.id).sort();
      const groupId = groupIdOf(members[0]!, t0);
      const entities: Record<PeerId, CellState['entities'][string]> = {};
      for (const p of ps) entities[p.id] = { ...place(p), data: new Uint8Array(), hop: 0, t: t0, frozen: false };
      const state: CellState = { ...emptyState(), started: true, groupId, clock: t0 - R, entities };
      const g = new SimGroup(
        this,
        cell,
        groupId,
        this.def(cell),
        { epoch: 0, firstRound: 0, t0, roundMs: R, k: K, members },
        { round: -1, state },
      );
      this.groups.set(`${cell}|${groupId}`, g);
      for (const p of ps) p.group = g;
      this.dir.seed(this.#record(g, cell, false, members, 1, t0));
    }
    for (const cell of tree.innerCells()) {
      const holder = [...at.entries()].find(([c]) => c.startsWith(cell));
      const members = holder?.[1].map((p) => p.id).sort() ?? ['w000000'];
      this.dir.seed({ cell, groupId: `seed.${t0}`, seq: 1, exp: t0 + 60_000, members, signers: members, inner: true });
    }
    // Players that have been playing know the records around them: each cache holds the cells
    // its camera overlaps (and their ancestors), as a view refresh would have left them.
    for (const p of this.players) {
      const cache = this.#caches[p.index]!;
      const view = p.view(place(p));
      const visit = (cell: string): void => {
        if (!overlaps(this.rect(cell), view) || !overlaps(this.rect(cell), this.bounds)) return;
        const rec = this.dir.peek(cell);
        cache.set(cell, { rec, at: this.clock.now() });
        if (rec?.inner) for (const c of childrenOf(cell)) visit(c);
      };
      visit('r');
    }
  }

  #record(g: SimGroup, cell: string, inner: boolean, members: readonly PeerId[], seq: number, time: number): SimRecord {
    return { cell, groupId: g.groupId, seq, exp: time + 60_000, members, signers: members, inner };
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
    this.groups.set(`${cell}|${groupId}`, g);
    this.counters.founded++;
    return g;
  }

  /** `player` asks a member of `g` to relay its join (NEO join: in at the change round). */
  join(player: SimPlayer, g: SimGroup): void {
    const relay = g.members[0]!;
    this.up(player.id, 40, 'join');
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
    this.#publish(g, e);
    this.#feed(g, round, e);
    this.#events(g, round);
    const next = this.#steward.get(g) ?? 0;
    if (this.clock.now() >= next) {
      this.#steward.set(g, this.clock.now() + STEWARD_MS + this.rng.int(1000));
      if (next !== 0) this.#stewardship(g, e);
    }
    void decidedAt;
  }

  epoch(g: SimGroup, e: Epoch, joined: readonly PeerId[], left: readonly PeerId[]): void {
    for (const id of left) this.byId.get(id)?.exiting.delete(g);
    if (left.length > 0) this.#refeed(g, e);
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
      this.groups.set(`${cell}|${groupId}`, child);
      children.set(cell, child);
    }
    if (t.kind === 'split') this.counters.splits++;
    else this.counters.reroots++;
    const n = e.members.length;
    for (const m of e.members) {
      // The old group's last rounds are settled by a few more messages without inputs.
      if (n > 1) this.up(m, LINGER_ROUNDS * (n - 1) * averageRoundBytes(n, 0), 'linger');
      const cell = Object.keys(t.groups).find((c) => t.groups[c]!.includes(m));
      this.byId.get(m)?.follow(g, cell === undefined ? undefined : children.get(cell));
    }
    for (const p of this.players) if (p.transit === g || p.group === g) p.follow(g, undefined);
    for (const [obs, sub] of g.subscribers) {
      this.#fed(obs, sub);
      this.byId.get(obs)?.observing.delete(g);
    }
  }

  // --- records ---------------------------------------------------------------------------

  #publish(g: SimGroup, e: Epoch): void {
    const st = g.state;
    for (const cell in st.signs) {
      const r = st.signs[cell]!;
      const key = `${st.groupId}|${cell}|${r.seq}`;
      const voters = Object.keys(r.votes);
      if (voters.length < majority(r.members.length) || this.#published.has(key)) continue;
      this.#published.add(key);
      const leader = groupLeader(e.members, ZONE, g.cell, e.epoch) ?? e.members[0]!;
      this.verified(voters.length);
      const rec: SimRecord = {
        cell,
        groupId: st.groupId,
        seq: r.seq,
        exp: r.exp,
        members: r.members,
        signers: voters,
        inner: r.inner,
      };
      this.#lastPut.set(`${g.id}|${cell}`, rec);
      this.dir.put(leader, rec);
    }
  }

  /** The leader's upkeep (`groups/stewardship.ts`): its record, its siblings, inner records. */
  #stewardship(g: SimGroup, e: Epoch): void {
    if (g.state.transition !== null) return;
    const leader = groupLeader(e.members, ZONE, g.cell, e.epoch) ?? e.members[0]!;
    const submit = (type: keyof CellMessages & string, payload: unknown): void => {
      if (!g.ended) g.submit(leader, type, payload);
    };
    const now = this.clock.now();
    const own = (this.#ownCheck.get(g) ?? 0) <= now;
    if (own) this.#ownCheck.set(g, now + OWN_RECORD_MS);
    if (own)
      this.dir.get(
        leader,
        g.cell,
        (rec) => {
          if (g.ended) return;
          const last = this.#lastPut.get(`${g.id}|${g.cell}`);
          if (rec === undefined || (rec.groupId === g.groupId && last !== undefined && rec.seq < last.seq)) {
            if (last !== undefined) this.dir.put(leader, last);
            return;
          }
          if (rec.groupId === g.groupId) return;
          const splitSince =
            rec.inner && (!this.#reroots.has(g) || rec.exp - 60_000 > g.time(g.schedule[0]!.firstRound));
          if (rec.inner && !splitSince) {
            if (last !== undefined) this.dir.put(leader, last);
            submit('bump', { cell: g.cell, seq: rec.seq });
          } else if (
            splitSince ||
            (this.liveGroup(rec) !== undefined &&
              (rec.members.length > g.members.length ||
                (rec.members.length === g.members.length && rec.groupId < g.groupId)))
          ) {
            if (g.state.relocate === null) submit('reloc', { to: g.cell });
          } else submit('bump', { cell: g.cell, seq: rec.seq });
        },
        'own',
      );
    const parent = parentOf(g.cell);
    // Only a group below minGroup can be part of four below it together: only then the siblings.
    if (parent !== undefined && g.members.length < this.o.minGroup) {
      const sibs = siblingsOf(g.cell);
      const got: (SimRecord | undefined)[] = [];
      let left = sibs.length;
      for (const [i, s] of sibs.entries()) {
        this.dir.get(
          leader,
          s,
          (rec) => {
            got[i] = rec;
            if (--left > 0 || g.ended || got.some((r) => r?.inner)) return;
            const now = this.clock.now();
            const sizes = [
              { cell: g.cell, n: g.members.length },
              ...sibs.map((c, j) => ({
                cell: c,
                n: got[j] !== undefined && isFreshGroupRecord(got[j]!, now) ? got[j]!.members.length : 0,
              })),
            ];
            const total = sizes.reduce((a, x) => a + x.n, 0);
            const coordinator = [...sizes].sort((a, b) => b.n - a.n || (a.cell < b.cell ? -1 : 1))[0]!.cell;
            submit('sib', { total, coordinator });
            if (coordinator === g.cell && total < this.o.minGroup) {
              this.dir.get(
                leader,
                parent,
                (held) => {
                  if (held !== undefined && held.groupId !== g.groupId) submit('iref', { cell: parent, seq: held.seq });
                },
                'parent',
              );
            }
          },
          'siblings',
        );
      }
    }
    // Inner records (every 10 s with the own record): the steward (the leaf holding the centre)
    // after 7 s, any other leaf below after 20 to 35 s (`groups/stewardship.ts`).
    const mine = this.rect(g.cell);
    const fallback = (this.#fallbackCheck.get(g) ?? 0) <= now;
    if (fallback) this.#fallbackCheck.set(g, now + FALLBACK_CHECK_MS);
    if (own) {
      for (let a = parent; a !== undefined; a = parentOf(a)) {
        const r = this.rect(a);
        const steward = contains(mine, { x: r.x + r.width / 2, y: r.y + r.height / 2 });
        if (!steward && !fallback) continue;
        const cell = a;
        const limit = steward ? 7_000 : 20_000 + this.rng.int(15_000);
        this.dir.get(
          leader,
          cell,
          (held) => {
            if (held !== undefined && !held.inner) return;
            const age = held === undefined ? Number.POSITIVE_INFINITY : this.clock.now() - (held.exp - 60_000);
            if (age > limit) submit('iref', { cell, seq: held?.seq ?? 0 });
          },
          'inner',
        );
      }
    }
  }

  // --- walking the tree ---------------------------------------------------------------------

  #cached(p: SimPlayer, cell: string, fresh: boolean, done: (r: SimRecord | undefined) => void, why = 'cached'): void {
    // A cell outside the zone holds no group (avatars stay inside the zone): never read.
    if (!overlaps(this.rect(cell), this.bounds)) {
      done(undefined);
      return;
    }
    const cache = this.#caches[p.index]!;
    const hit = cache.get(cell);
    const now = this.clock.now();
    // An observed leaf is known from its feed (members, transitions): its record is not read again.
    const observed = hit?.rec !== undefined && !hit.rec.inner && this.#observedBy(p, hit.rec);
    // Inner records change only when their children merge: kept while they live.
    const maxAge =
      hit?.rec === undefined ? EMPTY_MAX_AGE_MS : observed || hit.rec.inner ? Number.POSITIVE_INFINITY : 20_000;
    if (
      !fresh &&
      hit !== undefined &&
      now - hit.at < maxAge &&
      (observed || hit.rec === undefined || hit.rec.exp > now)
    ) {
      done(hit.rec);
      return;
    }
    this.dir.get(
      p.id,
      cell,
      (rec) => {
        cache.set(cell, { rec, at: this.clock.now() });
        done(rec);
      },
      why,
    );
  }

  #observedBy(p: SimPlayer, rec: SimRecord): boolean {
    const g = this.liveGroup(rec);
    return g !== undefined && p.observing.has(g);
  }

  /** The observed group whose leaf holds `at` (a handoff needs no lookup then). */
  observedAt(p: SimPlayer, at: Point): SimGroup | undefined {
    for (const g of p.observing.keys()) if (!g.ended && contains(this.rect(g.cell), at)) return g;
    return undefined;
  }

  /** The leaf holding `at` and its record, walking down from the root (the leaf read fresh). */
  walk(p: SimPlayer, at: Point, done: (cell: string, rec: SimRecord | undefined) => void): void {
    const step = (cell: string, fresh: boolean): void => {
      this.#cached(
        p,
        cell,
        fresh,
        (rec) => {
          if (rec?.inner) {
            const r = this.rect(cell);
            const i = (at.x >= r.x + r.width / 2 ? 1 : 0) | (at.y >= r.y + r.height / 2 ? 2 : 0);
            step(`${cell}${i}`, false);
          } else if (!fresh) step(cell, true);
          else done(cell, rec);
        },
        'walk',
      );
    };
    step('r', false);
  }

  /** Every leaf record overlapping `rect` (cached reads). */
  overlapping(p: SimPlayer, rect: Rect, done: (records: SimRecord[]) => void): void {
    const out: SimRecord[] = [];
    let pending = 0;
    const visit = (cell: string): void => {
      if (!overlaps(this.rect(cell), rect)) return;
      pending++;
      this.#cached(
        p,
        cell,
        false,
        (rec) => {
          if (rec?.inner) for (const c of childrenOf(cell)) visit(c);
          else if (rec !== undefined) out.push(rec);
          if (--pending === 0) done(out);
        },
        'view',
      );
    };
    visit('r');
    if (pending === 0) done(out);
  }

  // --- observation ------------------------------------------------------------------------

  observe(p: SimPlayer, g: SimGroup): void {
    const feeder = this.#feeder(p.id, g);
    if (feeder === undefined) return;
    g.subscribers.set(p.id, { feeder, rounds: 0 });
    p.observing.set(g, feeder);
    this.up(p.id, 20, 'feed');
    this.up(feeder, 200 + 120 * Object.keys(g.state.entities).length, 'feed');
  }

  unobserve(p: SimPlayer, g: SimGroup): void {
    const sub = g.subscribers.get(p.id);
    if (sub !== undefined) this.#fed(p.id, sub);
    g.subscribers.delete(p.id);
    p.observing.delete(g);
    this.up(p.id, 20);
  }

  #feeder(observer: PeerId, g: SimGroup): PeerId | undefined {
    const load = new Map<PeerId, number>();
    for (const { feeder: f } of g.subscribers.values()) load.set(f, (load.get(f) ?? 0) + 1);
    const ranked = [...g.members].sort((a, b) => fnv(`${observer}|${a}`) - fnv(`${observer}|${b}`));
    return ranked.find((m) => (load.get(m) ?? 0) < 16);
  }

  #feed(g: SimGroup, round: number, e: Epoch): void {
    if (g.subscribers.size === 0) return;
    const n = e.members.length;
    const bytes = feedRoundBytes(n, 18) + (round % CHECK_EVERY === 0 ? feedProofBytes(n, 18) : 0);
    for (const sub of g.subscribers.values()) {
      this.up(sub.feeder, bytes, 'feed');
      sub.rounds++;
    }
    if (round % CHECK_EVERY === 0) this.verified(majority(n) * g.subscribers.size);
  }

  /** An epoch of `g` began: observers whose feeder left pick another member. */
  #refeed(g: SimGroup, e: Epoch): void {
    for (const [obs, sub] of g.subscribers) {
      if (e.members.includes(sub.feeder)) continue;
      this.#fed(obs, sub);
      const f = this.#feeder(obs, g);
      if (f === undefined) g.subscribers.delete(obs);
      else g.subscribers.set(obs, { feeder: f, rounds: 0 });
    }
  }

  /** Keeps the rounds a subscription was fed (staleness is computed from them at the end). */
  #fed(obs: PeerId, sub: { feeder: PeerId; rounds: number }): void {
    if (sub.rounds === 0) return;
    const key = `${obs}|${sub.feeder}`;
    this.#feedRounds.set(key, (this.#feedRounds.get(key) ?? 0) + sub.rounds);
    sub.rounds = 0;
  }

  /**
   * Observer staleness, from the rounds each subscription was fed: applied (provisionally) one
   * link delay after the feeder decided a round; checked once the signed reports of the next
   * checked round (a multiple of CHECK_EVERY) reached the feeder and then the observer.
   */
  stalenessFigures(): void {
    for (const g of this.groups.values()) for (const [obs, sub] of g.subscribers) this.#fed(obs, sub);
    for (const [key, rounds] of this.#feedRounds) {
      const [obs, feeder] = key.split('|') as [PeerId, PeerId];
      const d = this.latency(feeder, obs);
      this.staleness.addMany(d, rounds);
      for (let j = 0; j < CHECK_EVERY; j++) this.checkedStaleness.addMany((j + K + 2) * R + d, rounds);
    }
  }

  // --- zone events --------------------------------------------------------------------------

  /** A random group rings the bell. */
  ringBell(): void {
    const live = [...this.groups.values()].filter(
      (g) => !g.ended && g.members.length > 0 && g.state.transition === null,
    );
    const g = live[this.rng.int(live.length)];
    if (g === undefined) return;
    g.submit(g.members[0]!, 'evr', { kind: 'bell', payload: new Uint8Array(0), lead: BELL_LEAD_MS });
  }

  #events(g: SimGroup, round: number): void {
    const st = g.state;
    for (const id in st.events) {
      const ev = st.events[id]!;
      let rec = this.events.get(id);
      if (rec === undefined) {
        rec = { at: ev.at, played: new Map(), alive: undefined };
        this.events.set(id, rec);
        const r = rec;
        this.clock.setTimeout(
          () => {
            r.alive = new Set(
              [...this.groups.values()].filter((x) => !x.ended && x.members.length > 0).map((x) => x.id),
            );
          },
          Math.max(0, ev.at - this.clock.now()),
        );
      }
      if (ev.played === round) rec.played.set(g.id, g.time(round));
      if (ev.origin === g.cell && ev.ok && !this.#carried.has(`${g.id}|${id}`)) {
        this.#carried.add(`${g.id}|${id}`);
        const e = g.epochNow;
        this.#carry(g.cell, groupLeader(e.members, ZONE, g.cell, e.epoch) ?? e.members[0]!, id, ev, 'r');
      }
    }
  }

  /**
   * `groups/broadcast.ts`: from the leaf `cell` (carried by `carrier`), to one leaf of each sibling
   * subtree along the path up to `scope`; each receiver checks it, puts it into its group and
   * carries it on inside its subtree at once.
   */
  #carry(cell: string, carrier: PeerId, id: string, ev: CellState['events'][string], scope: string): void {
    const p = this.byId.get(carrier);
    if (p === undefined) return;
    for (let a: string | undefined = cell; a !== undefined && a !== scope && a.startsWith(scope); a = parentOf(a)) {
      for (const s of siblingsOf(a)) this.#deliver(p, s, id, ev, false);
    }
  }

  /** To the subtree `s`'s first leaf with a group; once more with fresh reads when that group is gone. */
  #deliver(p: SimPlayer, s: string, id: string, ev: CellState['events'][string], retry: boolean): void {
    this.#representative(
      p,
      s,
      (rec) => {
        const to = rec === undefined ? undefined : this.liveGroup(rec);
        if (to === undefined) {
          if (!retry && rec !== undefined) this.#deliver(p, s, id, ev, true);
          return;
        }
        const te = to.epochNow;
        const member = groupLeader(te.members, ZONE, to.cell, te.epoch) ?? te.members[0]!;
        this.up(p.id, 120 + 70 * Object.keys(ev.votes).length, 'event');
        this.clock.setTimeout(
          () => {
            if (to.ended) {
              if (!retry) this.#deliver(p, s, id, ev, true);
              return;
            }
            this.verified(Object.keys(ev.votes).length);
            if (to.state.events[id] === undefined) {
              const sigs = Object.keys(ev.votes)
                .map((v) => [ev.members.indexOf(v), this.sig] as [number, Uint8Array])
                .sort((x, y) => x[0] - y[0]);
              to.submit(member, 'evi', {
                id,
                kind: ev.kind,
                payload: ev.payload,
                at: ev.at,
                origin: ev.origin,
                members: [...ev.members],
                sigs,
              });
            }
            this.#carry(to.cell, member, id, ev, s);
          },
          this.latency(p.id, member),
        );
      },
      retry,
    );
  }

  /**
   * The first leaf of `cell`'s subtree (path order) with a live group: a cached record first,
   * read afresh when it names a group that is gone; the children of an inner cell at once.
   */
  #representative(p: SimPlayer, cell: string, done: (r: SimRecord | undefined) => void, fresh = false): void {
    this.#cached(
      p,
      cell,
      fresh,
      (rec) => {
        if (rec === undefined || !rec.inner) {
          if (rec !== undefined && this.liveGroup(rec) !== undefined) done(rec);
          else if (!fresh) this.#representative(p, cell, done, true);
          else done(undefined);
          return;
        }
        const kids = childrenOf(cell);
        const found: (SimRecord | undefined)[] = [];
        let left = kids.length;
        for (const [i, k] of kids.entries()) {
          this.#representative(p, k, (r) => {
            found[i] = r;
            if (--left > 0) return;
            done(found.find((x) => x !== undefined));
          });
        }
      },
      'event',
    );
  }

  // --- measurements -------------------------------------------------------------------------

  /** Every second: group sizes, and every entity held exactly once (live in one group or in transit). */
  sample(record: boolean): void {
    const live = new Map<PeerId, number>();
    const transit = new Set<PeerId>();
    const sizes: number[] = [];
    for (const g of this.groups.values()) {
      if (g.ended) continue;
      const n = g.members.length;
      if (n > 0) sizes.push(n);
      for (const id in g.state.entities) {
        if (g.state.entities[id]!.frozen) transit.add(id);
        else live.set(id, (live.get(id) ?? 0) + 1);
      }
    }
    for (const p of this.players) {
      const n = live.get(p.id) ?? 0;
      if (n === 0 && !transit.has(p.id)) this.lost.add(p.id);
      if (n > 1) this.duplicated.add(p.id);
    }
    if (record) {
      this.sizes.length = 0;
      this.sizes.push(...sizes);
    }
    this.maxDuringRun = Math.max(this.maxDuringRun, ...sizes);
  }

  /** Bytes each player sent since the last reset. */
  bytesUp(): Float64Array {
    return this.#bytes;
  }

  resetBytes(): void {
    this.#bytes.fill(0);
    this.#kinds = {};
    this.#feedRounds.clear();
    this.authority = 0;
  }

  /** Signature work, ms of CPU per player per second (cost model). */
  cryptoMsPerPlayerSecond(seconds: number): number {
    return (this.signatures * SIGN_MS + this.verifications * VERIFY_MS) / this.players.length / seconds;
  }
}

function emptyState(): CellState {
  return {
    started: false,
    clock: 0,
    groupId: '',
    entities: {},
    watch: { overSince: null, underSince: null },
    siblings: null,
    transition: null,
    relocate: null,
    outgoing: {},
    arrivals: {},
    signs: {},
    minSeq: {},
    events: {},
  };
}
