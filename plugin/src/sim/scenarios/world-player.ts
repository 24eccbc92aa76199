/**
 * One player of the world simulation: random waypoints (or the hotspot), its avatar moved
 * through its group's rounds, the duties every member has (sign a leaving member's handoff,
 * check an arriving one, sign records and events), the handoff of its entity to the next
 * group (join or found it, `out`, the old group's signatures, `in`, the new group's checks,
 * leave), and the leaves its camera observes. The same steps as `groups/mover.ts` and
 * `groups/duties.ts`, driven by the group model's rounds; signatures counted, not computed.
 */

import type { Entity } from '../../groups/cell-state';
import { contains, expand, type Point } from '../../groups/geometry';
import { majority } from '../../neo/schedule';
import type { PeerId } from '../../transport/transport';
import type { Rect } from '../../zone/types';
import type { SimRecord } from './world-dht';
import type { SimGroup } from './world-group';
import type { World } from './world-sim';

/** Handoff phases. */
type Phase = 'idle' | 'walking' | 'joining' | 'out' | 'claimed';

const JOIN_MS = 20_000;
const SIGN_MS = 8000;
const ADOPT_MS = 12_000;
const RETRY_MS = 1000;
const VIEW_MS = 2000;

/** One simulated player. */
export class SimPlayer {
  group: SimGroup | undefined;
  transit: SimGroup | undefined;
  phase: Phase = 'idle';
  #phaseAt = 0;
  #retryAt = 0;
  #waypoint: Point;
  #pauseUntil = 0;
  moving = true;
  orphan = false;
  readonly #done = new Set<string>();
  readonly #seen = new WeakMap<SimGroup, readonly [object, object, object, object]>();
  /** Groups this player observes: group -> feeder. */
  readonly observing = new Map<SimGroup, PeerId>();
  /** Groups we are leaving (until the epoch without us): never a handoff target meanwhile. */
  readonly exiting = new Set<SimGroup>();
  #viewAt = 0;
  #viewBusy = false;

  constructor(
    readonly w: World,
    readonly id: PeerId,
    readonly index: number,
    readonly hot: boolean,
    /** Where the avatar stands at the start. */
    readonly start: Point,
    waypoint: Point,
  ) {
    this.#waypoint = waypoint;
  }

  /** Our entity as our group holds it. */
  entity(): Entity | undefined {
    return this.group?.state.entities[this.id];
  }

  /** After a round of `g` (ours, or the one we hand over to) was applied. */
  onApplied(g: SimGroup): void {
    this.#duties(g);
    const now = this.w.clock.now();
    if (g === this.transit) {
      if (this.phase === 'claimed' && g.state.entities[this.id] !== undefined) this.#adopted();
      else if (this.phase === 'joining' && g.members.includes(this.id)) this.#joined();
      return;
    }
    if (g !== this.group) return;
    const e = g.state.entities[this.id];
    if (e === undefined) return;
    if (this.phase === 'out') {
      const o = g.state.outgoing[this.id];
      if (o !== undefined && Object.keys(o.votes).length >= majority(o.members.length)) this.#claim(o);
    }
    this.#checkTimeouts(now);
    if (!e.frozen && this.moving) this.#walk(e, now);
    if (this.phase === 'idle' && now >= this.#retryAt && !e.frozen) {
      const inside = contains(expand(this.w.rect(g.cell), this.w.o.borderMargin), e);
      if (!inside || g.state.relocate !== null || this.orphan) this.#startHandoff(e);
    }
    if (now >= this.#viewAt && !this.#viewBusy) this.#refreshView(e);
  }

  /** Waypoints: the avatar walks to one, pauses, picks the next (the hotspot for the crowd). */
  #walk(e: Entity, now: number): void {
    if (now < this.#pauseUntil) return;
    const dx = this.#waypoint.x - e.x;
    const dy = this.#waypoint.y - e.y;
    if (dx * dx + dy * dy < 4) {
      this.#pauseUntil = now + this.w.rng.next() * 2000;
      this.#waypoint = this.w.waypoint(this.hot);
      return;
    }
    this.group!.submit(this.id, 'pos', { x: this.#waypoint.x, y: this.#waypoint.y });
  }

  /** What every member does: sign handoffs and records and events, check arrivals and events. */
  #duties(g: SimGroup): void {
    const st = g.state;
    const self = this.id;
    // The state is immutable: parts that did not change since the last round need no look.
    const seen = this.#seen.get(g);
    if (
      seen !== undefined &&
      seen[0] === st.outgoing &&
      seen[1] === st.arrivals &&
      seen[2] === st.signs &&
      seen[3] === st.events
    )
      return;
    this.#seen.set(g, [st.outgoing, st.arrivals, st.signs, st.events]);
    for (const p in st.outgoing) {
      const o = st.outgoing[p]!;
      if (o.members.includes(self) && this.#once(`hv${g.id}|${p}|${o.hop}|${o.time}`)) {
        this.w.signed();
        g.submit(self, 'hv', { p, sig: this.w.sig });
      }
    }
    for (const p in st.arrivals) {
      const a = st.arrivals[p]!;
      if (this.#once(`ack${g.id}|${p}|${a.hop}|${a.time}`)) {
        this.w.verified(a.sigs.length);
        g.submit(self, 'ack', { p, ok: true });
      }
    }
    for (const cell in st.signs) {
      const r = st.signs[cell]!;
      if (r.members.includes(self) && this.#once(`rv${g.id}|${cell}|${r.seq}`)) {
        this.w.signed();
        g.submit(self, 'rv', { cell, seq: r.seq, sig: this.w.sig });
      }
    }
    for (const id in st.events) {
      const e = st.events[id]!;
      if (e.origin === g.cell) {
        if (!e.ok && e.members.includes(self) && this.#once(`evv${id}`)) {
          this.w.signed();
          g.submit(self, 'evv', { id, sig: this.w.sig });
        }
      } else if (!e.ok && this.#once(`eva${g.id}|${id}`)) {
        this.w.verified(Object.keys(e.votes).length);
        g.submit(self, 'eva', { id, ok: true });
      }
    }
  }

  #once(key: string): boolean {
    if (this.#done.has(key)) return false;
    this.#done.add(key);
    if (this.#done.size > 256) this.#done.delete(this.#done.values().next().value!);
    return true;
  }

  #startHandoff(e: Entity): void {
    this.phase = 'walking';
    this.#phaseAt = this.w.clock.now();
    // Relocating: the target's record is read afresh (`groups/mover.ts`).
    const reloc = this.group?.state.relocate?.to;
    if (reloc !== undefined) this.w.tree.caches[this.index]!.delete(reloc);
    // The leaf we walk into is in view: its group is known from its feed, no lookup needed.
    const seen = this.w.tree.observedAt(this, e);
    if (seen !== undefined && seen.members.length > 0) {
      this.#target(seen.cell, {
        cell: seen.cell,
        groupId: seen.groupId,
        seq: 0,
        exp: Number.POSITIVE_INFINITY,
        members: seen.members,
        signers: [],
        inner: false,
      });
      return;
    }
    this.w.tree.walk(this, { x: e.x, y: e.y }, (cell, rec) => this.#target(cell, rec));
  }

  #target(cell: string, rec: SimRecord | undefined): void {
    const from = this.group;
    if (from === undefined || this.phase !== 'walking') return;
    const same = cell === from.cell && (rec === undefined || rec.groupId === from.groupId);
    const below = this.w.isReroot(from) && cell.length > from.cell.length && cell.startsWith(from.cell);
    if (same || below) {
      this.#idle(RETRY_MS);
      return;
    }
    this.w.counters.handoffsStarted++;
    const live = rec === undefined ? undefined : this.w.liveGroup(rec);
    if (live !== undefined && this.exiting.has(live)) {
      this.#idle(RETRY_MS);
      return;
    }
    if (live === undefined || live.members.length === 0) {
      this.transit = this.w.found(cell, this);
      this.#joined();
      return;
    }
    this.transit = live;
    this.phase = 'joining';
    this.#phaseAt = this.w.clock.now();
    this.w.join(this, live);
  }

  #joined(): void {
    const from = this.group;
    if (from === undefined || this.transit === undefined) {
      this.#abort();
      return;
    }
    this.phase = 'out';
    this.#phaseAt = this.w.clock.now();
    from.submit(this.id, 'out', { to: this.transit.cell });
    // A member of both groups now: zone events pass between them (`ZoneEvents.bridge`).
    this.w.bells.bridge(this, this.transit, from);
    this.w.bells.bridge(this, from, this.transit);
  }

  #claim(o: {
    hop: number;
    x: number;
    y: number;
    data: Uint8Array;
    time: number;
    members: readonly PeerId[];
    votes: Readonly<Record<PeerId, Uint8Array>>;
  }): void {
    const to = this.transit;
    const from = this.group;
    if (to === undefined || from === undefined) {
      this.#abort();
      return;
    }
    const sigs = Object.keys(o.votes)
      .map((id) => [o.members.indexOf(id), this.w.sig] as [number, Uint8Array])
      .filter(([i]) => i >= 0)
      .sort((a, b) => a[0] - b[0]);
    to.submit(this.id, 'in', {
      from: from.cell,
      gid: from.state.groupId,
      hop: o.hop,
      x: o.x,
      y: o.y,
      data: o.data,
      time: o.time,
      members: [...o.members],
      sigs,
    });
    this.phase = 'claimed';
    this.#phaseAt = this.w.clock.now();
  }

  #adopted(): void {
    const from = this.group;
    const to = this.transit!;
    this.group = to;
    this.transit = undefined;
    this.orphan = false;
    this.phase = 'idle';
    this.w.counters.handoffs++;
    if (from !== undefined) {
      this.exiting.add(from);
      this.w.leave(this, from);
    }
    this.#viewAt = 0;
    // A new group is kept for at least a second (no back-and-forth at a corner).
    this.#retryAt = this.w.clock.now() + RETRY_MS;
  }

  #checkTimeouts(now: number): void {
    const age = now - this.#phaseAt;
    if (
      (this.phase === 'joining' && age > JOIN_MS) ||
      (this.phase === 'out' && age > SIGN_MS) ||
      (this.phase === 'claimed' && age > ADOPT_MS) ||
      (this.phase === 'walking' && age > JOIN_MS)
    ) {
      this.#abort();
    }
  }

  #abort(): void {
    this.w.counters.handoffsAborted++;
    if (this.group !== undefined && this.phase !== 'walking') this.group.submit(this.id, 'back', {});
    if (this.transit !== undefined) this.w.leave(this, this.transit);
    this.transit = undefined;
    this.#idle(RETRY_MS);
  }

  #idle(retry: number): void {
    this.phase = 'idle';
    this.#retryAt = this.w.clock.now() + retry;
  }

  /** The group we were in ended at a transition: follow it, or hand our entity over (not assigned). */
  follow(old: SimGroup, child: SimGroup | undefined): void {
    if (this.group === old) {
      if (child === undefined) this.orphan = true;
      else this.group = child;
    }
    if (this.transit === old) {
      this.transit = child;
      if (child === undefined && this.phase !== 'idle') this.#abort();
    }
    this.#viewAt = 0;
  }

  /** The camera's view: 800 x 600 world units around the avatar, grown by the margin. */
  view(e: Point): Rect {
    const { width, height } = this.w.o.camera;
    return expand({ x: e.x - width / 2, y: e.y - height / 2, width, height }, this.w.o.viewMargin);
  }

  #refreshView(e: Entity): void {
    this.#viewBusy = true;
    this.#viewAt = this.w.clock.now() + VIEW_MS;
    this.w.tree.overlapping(this, this.view(e), (records) => {
      this.#viewBusy = false;
      const want = new Set<SimGroup>();
      for (const r of records) {
        const g = this.w.liveGroup(r);
        if (g !== undefined && g !== this.group && g !== this.transit) want.add(g);
      }
      for (const g of [...this.observing.keys()]) if (!want.has(g) || g.ended) this.w.feeds.unobserve(this, g);
      for (const g of want) if (!this.observing.has(g)) this.w.feeds.observe(this, g);
    });
  }
}
