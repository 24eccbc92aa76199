import type { VerifiedGroup } from '../dht/records/validators/group';
import type { PeerId } from '../transport/transport';
import { encodeMessage } from '../wire/envelope';
import type { GrpEventBody } from '../wire/messages/grp-event';
import { MessageType } from '../wire/types';
import type { CellMember } from './cell-member';
import type { CellState } from './cell-state';
import { checkEvent, EVENT_LEAD_MS, eventToWire, type ZoneEventWire } from './events';
import { childrenOf, parentOf, siblingsOf } from './geometry';
import type { GroupsPlayer } from './player';

/** A zone event as the game gets it. */
export interface PlayedEvent {
  readonly id: string;
  readonly kind: string;
  readonly payload: Uint8Array;
  /** The round of our group it played in, and that round's start on the synchronised clock. */
  readonly round: number;
  readonly time: number;
  /** The cell of the group that raised it. */
  readonly origin: string;
  /** The time it is for (every group plays it in its first round starting at or after it). */
  readonly at: number;
}

const MEMORY = 256;

/**
 * An event is passed on from one group to another (a bridge) only while at least this long is
 * left before it plays, ms: enough for the receiving group to decide and check it (a few rounds)
 * and still play it in the round holding its time, with every other group.
 */
export const BRIDGE_MIN_LEAD_MS = 500;

/**
 * A carry that found no group in a subtree it was sent for looks again after this long, ms,
 * while the event is at least this plus {@link BRIDGE_MIN_LEAD_MS} off.
 */
export const CARRY_RETRY_MS = 2000;

function remember(set: Set<string>, key: string): boolean {
  if (set.has(key)) return false;
  set.add(key);
  if (set.size > MEMORY) set.delete(set.values().next().value!);
  return true;
}

/**
 * Zone events across groups, carried down the quadtree. The leader of the group that raised (and
 * certified) an event sends it, for every ancestor of its cell, to a player inside each sibling
 * subtree (named by the subtree's record: one read); that player puts it into its own group and
 * does the same inside the subtree it was given. Every group of the zone gets it once, in
 * O(depth) hops of one read and one message each, each carrier sending at most three messages per
 * level. Every group plays it at the time it names (see `events.ts`), so all play it together.
 */
export class ZoneEvents {
  readonly #carried = new Set<string>();
  readonly #played = new Set<string>();
  readonly #bridged = new Set<string>();
  readonly #listeners = new Set<(e: PlayedEvent) => void>();

  constructor(readonly p: GroupsPlayer) {}

  /** Raises an event in our group; it plays `leadMs` after it is decided (default 3 s), everywhere. */
  raise(kind: string, payload: Uint8Array, leadMs = EVENT_LEAD_MS): void {
    this.p.current?.submit('evr', { kind, payload, lead: Math.max(500, Math.floor(leadMs)) });
  }

  /** Runs `fn` for every event our group plays; returns the unsubscribe function. */
  on(fn: (e: PlayedEvent) => void): () => void {
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
    };
  }

  /** After each applied round of our group: tell the game what played; as the leader, carry new events. */
  afterApplied(m: CellMember): void {
    const st = m.state;
    for (const id of Object.keys(st.events).sort()) {
      const e = st.events[id]!;
      if (e.played !== null && remember(this.#played, id)) {
        const time = m.roundTime(e.played) ?? e.at;
        const played: PlayedEvent = {
          id,
          kind: e.kind,
          payload: e.payload,
          round: e.played,
          time,
          origin: e.origin,
          at: e.at,
        };
        for (const fn of [...this.#listeners]) {
          try {
            fn(played);
          } catch {
            this.p.count('eventListenerErrors');
          }
        }
      }
      if (e.origin !== m.cell || !e.ok || !m.isLeader()) continue;
      const wire = eventToWire(id, e);
      if (wire !== undefined && remember(this.#carried, `${id}|r`)) void this.#carry(wire, 'r', m.cell);
    }
  }

  /**
   * Puts into `into` every certified event of `from` (the state of another group of the zone: the
   * one we are handing our entity over to or from, or one we observe) that `into` lacks and that
   * plays at least {@link BRIDGE_MIN_LEAD_MS} from now. The tree carries an event to the groups
   * that exist when it is certified; groups founded, split or joined afterwards, and any group a
   * carry missed (its leader moved on, a record that lagged), get it from a neighbour this way.
   * `into`'s members check its signatures as for a carried event (`eva`), so a forged one fails.
   */
  bridge(into: CellMember, from: CellState): void {
    const now = this.p.ctx.clock.now();
    const have = into.state.events;
    for (const id of Object.keys(from.events)) {
      const e = from.events[id]!;
      if (!e.ok || e.at - now < BRIDGE_MIN_LEAD_MS || have[id] !== undefined || e.origin === into.cell) continue;
      const wire = eventToWire(id, e);
      if (wire === undefined || !remember(this.#bridged, `${into.groupId}|${id}`)) continue;
      into.submit('evi', {
        ...wire,
        members: [...wire.members],
        sigs: wire.sigs.map(([i, s]) => [i, s] as [number, Uint8Array]),
      });
      this.p.count('eventsBridged');
    }
  }

  /**
   * A `grpEvent` from another group's carrier: check it; when our group is inside `scope`, put it
   * into our group and carry it on inside `scope`. A receiver named by an inner record that has
   * walked out of `scope` since passes it on to the subtree's first leaf with a group.
   */
  async onMessage(from: PeerId, body: GrpEventBody): Promise<void> {
    const [zone, scope, w] = body;
    const m = this.p.current;
    if (zone !== this.p.o.zone.name || m === undefined) {
      this.p.count('eventsMisrouted');
      return;
    }
    const wire: ZoneEventWire = {
      id: w[0],
      kind: w[1],
      payload: w[2],
      at: w[3],
      origin: w[4],
      members: w[5],
      sigs: w[6],
    };
    // Once per event and subtree: a player may be named for two subtrees (it walked from one
    // into the other since a record named it), and each must be carried.
    if (!remember(this.#carried, `${wire.id}|${scope}`)) return;
    const ok = await this.p.work.track(checkEvent(this.p.ctx.ed, this.p.ctx.gameId, zone, wire, this.p.duties.keyOf));
    if (!ok) {
      this.p.count('eventsRefused');
      return;
    }
    void from;
    if (!m.cell.startsWith(scope)) {
      this.p.count('eventsForwarded');
      await this.#walkDown(scope, wire);
      return;
    }
    this.p.count('eventsReceived');
    if (m.state.events[wire.id] === undefined && m.cell !== wire.origin) {
      m.submit('evi', {
        ...wire,
        members: [...wire.members],
        sigs: wire.sigs.map(([i, s]) => [i, s] as [number, Uint8Array]),
      });
    }
    await this.#carry(wire, scope, m.cell);
  }

  /** Sends `wire` to every sibling subtree along the path from `cell` up to `scope`, all at once. */
  async #carry(wire: ZoneEventWire, scope: string, cell: string): Promise<void> {
    const targets: string[] = [];
    for (let a: string | undefined = cell; a !== undefined && a !== scope && a.startsWith(scope); a = parentOf(a)) {
      targets.push(...siblingsOf(a));
    }
    await Promise.all(targets.map((t) => this.#deliver(t, wire)));
  }

  /**
   * To a player inside `subtree`, found with ONE read of the subtree's record: a leaf's group
   * (its leader first), or, for an inner cell, the group that signed its record (its steward, a
   * leaf holding the cell's centre, or the group that split it: players inside the subtree). The
   * receiver carries it on inside the subtree. Walking down to the subtree's first leaf instead
   * (one read per level, at every hop) made the carry O(depth^2) reads long: at 10,000 players,
   * longer than the bell's lead. When nobody named answers, that walk down.
   */
  async #deliver(subtree: string, wire: ZoneEventWire): Promise<void> {
    const rec = await this.p.readCell(subtree);
    this.p.finder.note(subtree, rec);
    if (rec === undefined) return;
    const self = this.p.ctx.playerId;
    const named = [...new Set([rec.leader, ...rec.members])].filter((x) => x !== self && !this.p.ctx.isBanned(x));
    for (const to of named.slice(0, 2)) if (await this.#send(to, subtree, wire)) return;
    this.p.count('eventsUndelivered');
    await this.#walkDown(subtree, wire);
  }

  /**
   * To the leader (else a member) of the first leaf of `subtree` with a group, read afresh. A walk
   * that finds no group, or a leaf record naming us in a group we have left (the group is gone: a
   * group founded in its cell since cannot replace its record while it is fresh, up to 10 s), is
   * tried again every {@link CARRY_RETRY_MS} while the event is far enough off.
   */
  async #walkDown(subtree: string, wire: ZoneEventWire): Promise<void> {
    const leaf = await this.#representative(subtree);
    const self = this.p.ctx.playerId;
    const gone =
      leaf?.members.includes(self) === true &&
      this.p.current?.groupId !== leaf.groupId &&
      this.p.transit?.groupId !== leaf.groupId;
    if (leaf !== undefined && !gone) {
      for (const to of [...new Set([leaf.leader, ...leaf.members])].filter((x) => x !== self).slice(0, 2)) {
        if (await this.#send(to, subtree, wire)) return;
      }
      this.p.count('eventsUndelivered');
      return;
    }
    if (this.p.closed || wire.at - this.p.ctx.clock.now() < CARRY_RETRY_MS + BRIDGE_MIN_LEAD_MS) return;
    this.p.count('eventCarryRetries');
    this.p.ctx.clock.setTimeout(() => {
      if (!this.p.closed) void this.#walkDown(subtree, wire).catch(() => this.p.count('eventCarryErrors'));
    }, CARRY_RETRY_MS);
  }

  async #send(to: PeerId, subtree: string, wire: ZoneEventWire): Promise<boolean> {
    const bytes = encodeMessage(MessageType.grpEvent, [
      this.p.o.zone.name,
      subtree,
      [
        wire.id,
        wire.kind,
        wire.payload,
        wire.at,
        wire.origin,
        [...wire.members],
        wire.sigs.map(([i, s]) => [i, s] as const),
      ],
    ]);
    const t = this.p.ctx.transport;
    if (!t.isConnected(to) && !(await t.connect(to)).ok) return false;
    t.send(to, bytes);
    this.p.count('eventsCarried');
    return true;
  }

  /**
   * The first leaf of `cell`'s subtree (path order) that has a group, with its record. Events are
   * rare, so the records are read afresh: a cached one may name a group that split meanwhile.
   */
  async #representative(cell: string): Promise<VerifiedGroup | undefined> {
    const rec = await this.p.readCell(cell);
    this.p.finder.note(cell, rec);
    if (rec === undefined) return undefined;
    if (rec.children === undefined || rec.children.length === 0) return rec;
    for (const c of childrenOf(cell)) {
      const r = await this.#representative(c);
      if (r !== undefined) return r;
    }
    return undefined;
  }
}
