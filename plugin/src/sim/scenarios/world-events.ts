/** The world simulation's zone events: the bell, and its carrying down the quadtree (`groups/broadcast.ts`). */
import { BRIDGE_MIN_LEAD_MS, CARRY_RETRY_MS } from '../../groups/broadcast';
import type { CellState } from '../../groups/cell-state';
import { childrenOf, parentOf, siblingsOf } from '../../groups/geometry';
import { groupLeader } from '../../groups/leader';
import type { PeerId } from '../../transport/transport';
import type { SimRecord } from './world-dht';
import type { EventSource } from './world-event-figures';
import type { SimGroup } from './world-group';
import type { SimPlayer } from './world-player';
import { BELL_LEAD_MS, type World, ZONE } from './world-sim';

/** Zone events of one world. */
type CellEvent = CellState['events'][string];

/**
 * The `evi` input that hands event `id` to another group: its fields and the signatures of the
 * members that voted for it (the model's constant signature), in member order.
 */
function eventInput(id: string, e: CellEvent, sig: Uint8Array) {
  const sigs = Object.keys(e.votes)
    .map((v) => [e.members.indexOf(v), sig] as [number, Uint8Array])
    .filter(([i]) => i >= 0)
    .sort((x, y) => x[0] - y[0]);
  return { id, kind: e.kind, payload: e.payload, at: e.at, origin: e.origin, members: [...e.members], sigs };
}

export class WorldEvents {
  readonly #carried = new Set<string>();
  readonly #bridged = new Set<string>();
  readonly #lastEvents = new WeakMap<SimGroup, object>();
  /** How an event was put into a group (`<group id>|<event id>`), for the figures. */
  readonly #how = new Map<string, EventSource>();
  readonly #received = new Set<string>();
  /** Carried events passed on by a receiver no longer inside the subtree it was sent for. */
  forwarded = 0;
  /** Walks down a subtree tried again (no live group found yet). */
  retries = 0;
  /** Carry deliveries by hop: the latest time after the raise a group got it, ms. */
  readonly carryHops: number[] = [];
  /** Events put into a group by a member from another group's state (`ZoneEvents.bridge`). */
  bridges = 0;

  constructor(readonly w: World) {}

  /**
   * `GroupsPlayer`'s bridging (`ZoneEvents.bridge`): a player holding the state of two groups
   * (the two of its handoff, or its own and an observed one) puts into its group the certified
   * events it lacks that play at least `BRIDGE_MIN_LEAD_MS` from now. The real player looks at
   * every applied round; the model looks when a group's events change, when a player joins or
   * founds a group, and when it starts observing one (the same outcomes: events only change then).
   */
  bridgeFrom(g: SimGroup): void {
    const ev = g.state.events;
    if (this.#lastEvents.get(g) === ev) return;
    this.#lastEvents.set(g, ev);
    if (!this.#pending(ev)) return;
    for (const m of g.members) {
      const p = this.w.byId.get(m);
      if (p === undefined) continue;
      if (p.group === g && p.transit !== undefined) this.bridge(p, p.transit, g);
      else if (p.transit === g && p.group !== undefined) this.bridge(p, p.group, g);
    }
    for (const obs of g.subscribers.keys()) {
      const p = this.w.byId.get(obs);
      if (p?.group !== undefined && p.group !== g) this.bridge(p, p.group, g);
    }
  }

  #pending(ev: CellState['events']): boolean {
    const now = this.w.clock.now();
    for (const id in ev) if (ev[id]!.ok && ev[id]!.at - now >= BRIDGE_MIN_LEAD_MS) return true;
    return false;
  }

  /** `p` puts `from`'s pending events into `into` (where it is a member). */
  bridge(p: SimPlayer, into: SimGroup, from: SimGroup): void {
    if (into.ended || from === into || into.state.transition !== null || !into.members.includes(p.id)) return;
    const now = this.w.clock.now();
    const have = into.state.events;
    const ev = from.state.events;
    for (const id in ev) {
      const e = ev[id]!;
      if (!e.ok || e.at - now < BRIDGE_MIN_LEAD_MS || have[id] !== undefined || e.origin === into.cell) continue;
      const key = `${into.id}|${id}`;
      if (this.#bridged.has(key)) continue;
      this.#bridged.add(key);
      this.bridges++;
      if (!this.#how.has(key)) this.#how.set(key, 'bridge');
      into.submit(p.id, 'evi', eventInput(id, e, this.w.sig));
    }
  }

  /** A random player rings the bell in its group. */
  ringBell(): void {
    const p = this.w.players[this.w.rng.int(this.w.players.length)];
    const g = p?.group;
    if (p === undefined || g === undefined || g.ended || g.state.transition !== null) return;
    g.submit(p.id, 'evr', { kind: 'bell', payload: new Uint8Array(0), lead: BELL_LEAD_MS });
  }

  onApplied(g: SimGroup, round: number): void {
    const st = g.state;
    for (const id in st.events) {
      const ev = st.events[id]!;
      let rec = this.w.events.get(id);
      if (rec === undefined) {
        rec = { at: ev.at, raised: this.w.clock.now(), played: new Map(), seen: new Map(), alive: undefined };
        this.w.events.set(id, rec);
        const r = rec;
        this.w.clock.setTimeout(
          () => {
            r.alive = new Set(
              [...this.w.groups.values()].filter((x) => !x.ended && x.members.length > 0).map((x) => x.id),
            );
          },
          Math.max(0, ev.at - this.w.clock.now()),
        );
      }
      if (!rec.seen.has(g.id)) {
        const how = this.#how.get(`${g.id}|${id}`) ?? (ev.origin === g.cell ? 'origin' : 'inherited');
        rec.seen.set(g.id, { t: this.w.clock.now(), how });
      }
      if (ev.played === round) rec.played.set(g.id, g.time(round));
      if (ev.origin === g.cell && ev.ok && !this.#carried.has(`${g.id}|${id}`)) {
        this.#carried.add(`${g.id}|${id}`);
        const e = g.epochNow;
        this.carry(g.cell, groupLeader(e.members, ZONE, g.cell, e.epoch) ?? e.members[0]!, id, ev, 'r', 0);
      }
    }
  }

  /**
   * `groups/broadcast.ts`: from the leaf `cell` (carried by `carrier`), to a player inside each
   * sibling subtree along the path up to `scope`; each receiver checks it, puts it into its group
   * and carries it on inside its subtree at once.
   */
  carry(cell: string, carrier: PeerId, id: string, ev: CellState['events'][string], scope: string, hop: number): void {
    const p = this.w.byId.get(carrier);
    if (p === undefined) return;
    for (let a: string | undefined = cell; a !== undefined && a !== scope && a.startsWith(scope); a = parentOf(a)) {
      for (const s of siblingsOf(a)) this.#deliver(p, s, id, ev, hop + 1);
    }
  }

  /**
   * To a player the subtree `s`'s record names (one fresh read): a leaf's live group's leader,
   * else a member of the group that signed the record (an inner record's steward or splitter,
   * or a leaf group that moved on: players inside the subtree); none: the walk down.
   */
  #deliver(p: SimPlayer, s: string, id: string, ev: CellState['events'][string], hop: number): void {
    this.w.tree.cached(
      p,
      s,
      true,
      (rec) => {
        if (rec === undefined) return;
        const live = rec.inner ? undefined : this.w.liveGroup(rec);
        const te = live?.epochNow;
        const to =
          te !== undefined
            ? (groupLeader(te.members, ZONE, live!.cell, te.epoch) ?? te.members[0]!)
            : rec.members.find((m) => m !== p.id && this.w.byId.has(m));
        if (to === undefined) this.#walkDown(p, s, id, ev, hop);
        else this.#send(p, to, s, id, ev, hop);
      },
      'event',
    );
  }

  /**
   * To the leader of the first leaf of `s` with a live group (fresh reads); none (a group founded
   * where a gone group's record is still fresh is not in the DHT yet): again every
   * `CARRY_RETRY_MS` while the event is far enough off (`groups/broadcast.ts`).
   */
  #walkDown(p: SimPlayer, s: string, id: string, ev: CellState['events'][string], hop: number): void {
    this.#representative(
      p,
      s,
      (rec) => {
        const to = rec === undefined ? undefined : this.w.liveGroup(rec);
        if (to !== undefined) {
          const te = to.epochNow;
          this.#send(p, groupLeader(te.members, ZONE, to.cell, te.epoch) ?? te.members[0]!, s, id, ev, hop);
          return;
        }
        if (ev.at - this.w.clock.now() < CARRY_RETRY_MS + BRIDGE_MIN_LEAD_MS) return;
        this.retries++;
        this.w.clock.setTimeout(() => this.#walkDown(p, s, id, ev, hop), CARRY_RETRY_MS);
      },
      true,
    );
  }

  #send(p: SimPlayer, to: PeerId, s: string, id: string, ev: CellState['events'][string], hop: number): void {
    this.w.up(p.id, 120 + 70 * Object.keys(ev.votes).length, 'event');
    this.w.linked(1);
    this.w.clock.setTimeout(() => this.#receive(to, s, id, ev, hop), this.w.latency(p.id, to));
  }

  /** `broadcast.ts` `onMessage`: once per player and event; outside `s`: passed on by the walk down. */
  #receive(id0: PeerId, s: string, id: string, ev: CellState['events'][string], hop: number): void {
    const q = this.w.byId.get(id0);
    // Once per player, event and subtree (`broadcast.ts`).
    if (q === undefined || this.#received.has(`${id0}|${id}|${s}`)) return;
    this.#received.add(`${id0}|${id}|${s}`);
    this.w.verified(Object.keys(ev.votes).length);
    const g = q.group;
    if (g === undefined || g.ended || !g.cell.startsWith(s)) {
      this.forwarded++;
      this.#walkDown(q, s, id, ev, hop + 1);
      return;
    }
    const raised = this.w.events.get(id)?.raised ?? this.w.clock.now();
    this.carryHops[hop] = Math.max(this.carryHops[hop] ?? 0, this.w.clock.now() - raised);
    if (g.state.events[id] === undefined) {
      const key = `${g.id}|${id}`;
      if (!this.#how.has(key)) this.#how.set(key, 'carry');
      g.submit(q.id, 'evi', eventInput(id, ev, this.w.sig));
    }
    this.carry(g.cell, q.id, id, ev, s, hop);
  }

  /**
   * The first leaf of `cell`'s subtree (path order) with a live group: a cached record first,
   * read afresh when it names a group that is gone; the children of an inner cell at once.
   */
  #representative(p: SimPlayer, cell: string, done: (r: SimRecord | undefined) => void, fresh = false): void {
    this.w.tree.cached(
      p,
      cell,
      fresh,
      (rec) => {
        if (rec === undefined || !rec.inner) {
          if (rec !== undefined && this.w.liveGroup(rec) !== undefined) done(rec);
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
}
