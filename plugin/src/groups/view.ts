import type { TimerHandle } from '../clock/clock';
import { hash32 } from '../crypto/hash';
import type { VerifiedGroup } from '../dht/records/validators/group';
import { groupTag } from '../neo/context';
import { RoomReplica } from '../room/replica';
import type { PeerId } from '../transport/transport';
import { decodeMessage, encodeMessage } from '../wire/envelope';
import { MessageType } from '../wire/types';
import { neoContext } from '../zone/group-member';
import type { Rect } from '../zone/types';
import { CellComposite } from './cell-composite';
import { cellParams } from './cell-member';
import { cellRoom } from './cell-room';
import { expand } from './geometry';
import { CellObserver } from './observer';
import type { GroupsPlayer } from './player';

/** The view is looked at again at most this often, ms (and whenever our group changes). */
export const VIEW_REFRESH_MS = 500;
/** ... and at least this often while there is a view (groups appear, split, merge), ms. */
export const VIEW_RECHECK_MS = 2000;

/** One observed leaf, as the game sees it. */
export interface ObservedLeaf {
  readonly cell: string;
  readonly groupId: string;
  readonly observer: CellObserver;
}

/**
 * Interest follows the camera: every leaf the camera's world view (grown by `viewMargin`)
 * overlaps, other than our own group's, is observed (`observer.ts`); a leaf that leaves the view
 * is dropped (its feeder told to stop). Also routes the groups layer's wire messages: a
 * `grpObserve` to the feed of our group it names, a `grpFeed` to the observer it is for, a
 * `grpEvent` to the zone events.
 */
export class ViewManager {
  readonly #observers = new Map<number, ObservedLeaf>();
  #view: Rect | undefined;
  #timer: TimerHandle | undefined;
  #recheck: TimerHandle | undefined;
  #dirty = false;
  #running = false;
  readonly #off: () => void;

  constructor(readonly p: GroupsPlayer) {
    this.#off = p.ctx.transport.on('message', (from, data) => this.#onMessage(from, data));
  }

  /** The camera's world view (undefined: observe nothing). */
  setView(r: Rect | undefined): void {
    this.#view = r === undefined ? undefined : { ...r };
    this.touch();
  }

  /** The view rect. */
  get view(): Rect | undefined {
    return this.#view;
  }

  /** Observed leaves. */
  observed(): ObservedLeaf[] {
    return [...this.#observers.values()];
  }

  /** Our group changed (or the tree did): look at the view again soon. */
  touch(): void {
    this.#dirty = true;
    if (this.#timer !== undefined || this.#running) return;
    this.#timer = this.p.ctx.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#refresh();
    }, VIEW_REFRESH_MS);
  }

  stop(): void {
    this.#off();
    if (this.#timer !== undefined) this.p.ctx.clock.clearTimeout(this.#timer);
    if (this.#recheck !== undefined) this.p.ctx.clock.clearTimeout(this.#recheck);
    for (const o of this.#observers.values()) o.observer.stop();
    this.#observers.clear();
  }

  async #refresh(): Promise<void> {
    if (this.p.closed || !this.#dirty) return;
    this.#dirty = false;
    this.#running = true;
    try {
      const view = this.#view;
      const wanted = new Map<number, { cell: string; record: VerifiedGroup }>();
      if (view !== undefined) {
        const leaves = await this.p.finder.overlapping(expand(view, this.p.o.viewMargin));
        const mine = [this.p.current, this.p.transit].filter((m) => m !== undefined).map((m) => m!.groupId);
        for (const l of leaves) {
          if (l.record === undefined || mine.includes(l.record.groupId)) continue;
          wanted.set(this.#tag(l.cell, l.record.groupId), { cell: l.cell, record: l.record });
        }
      }
      for (const [tag, o] of this.#observers) {
        if (wanted.has(tag)) continue;
        o.observer.stop();
        this.#observers.delete(tag);
      }
      for (const [tag, w] of wanted) if (!this.#observers.has(tag)) this.#observe(tag, w.cell, w.record);
    } finally {
      this.#running = false;
      if (this.#dirty) this.touch();
      else if (this.#view !== undefined && this.#recheck === undefined && !this.p.closed) {
        this.#recheck = this.p.ctx.clock.setTimeout(() => {
          this.#recheck = undefined;
          this.touch();
        }, VIEW_RECHECK_MS);
      }
    }
  }

  #tag(cell: string, groupId: string): number {
    return groupTag(neoContext(this.p.ctx.gameId, this.p.o.zone.name, cell, groupId));
  }

  #observe(tag: number, cell: string, record: VerifiedGroup): void {
    const p = this.p;
    const ctx = p.ctx;
    const params = cellParams(ctx, p.o, cell);
    const composite = new CellComposite(
      new RoomReplica(cellRoom(params), { self: ctx.playerId, retainRounds: 8 }),
      p.o.room === undefined ? undefined : new RoomReplica(p.o.room, { self: ctx.playerId }),
    );
    // Each observer prefers its own order of feeders (spreads the observers over the members).
    const rank = (m: PeerId): string =>
      Array.from(hash32(new TextEncoder().encode(`${ctx.playerId}|${cell}|${m}`))).join(',');
    const members = record.members.filter((m) => m !== ctx.playerId).sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
    const observer = new CellObserver(
      cell,
      record.groupId,
      tag,
      composite,
      {
        clock: ctx.clock,
        ed: ctx.ed,
        config: p.o.neo,
        context: neoContext(ctx.gameId, p.o.zone.name, cell, record.groupId),
        publicKeyOf: (id) => ctx.membership.publicKeyOf(id),
        ask: (feeder, on) => this.#ask(tag, feeder, on),
      },
      members,
    );
    this.#observers.set(tag, { cell, groupId: record.groupId, observer });
    observer.start();
  }

  #ask(tag: number, feeder: PeerId, on: boolean): void {
    const t = this.p.ctx.transport;
    const bytes = encodeMessage(MessageType.grpObserve, [tag, on]);
    if (t.isConnected(feeder)) {
      t.send(feeder, bytes);
      return;
    }
    if (!on) return;
    void t.connect(feeder).then((r) => {
      if (r.ok) t.send(feeder, bytes);
    });
  }

  #onMessage(from: PeerId, data: Uint8Array): void {
    // Cheap pre-check: only our two message types are decoded here.
    const type = data[2];
    if (type !== MessageType.grpObserve && type !== MessageType.grpFeed && type !== MessageType.grpEvent) return;
    const m = decodeMessage(data);
    if (!m.ok) return;
    if (m.value.name === 'grpObserve') {
      const [tag, on] = m.value.body;
      for (const g of [this.p.current, this.p.transit])
        if (g !== undefined && g.tag === tag) g.feed.onObserve(from, on);
      return;
    }
    if (m.value.name === 'grpEvent') {
      // Not tracked as work: carrying it on waits for links (virtual time); its check is tracked.
      void this.p.events.onMessage(from, m.value.body);
      return;
    }
    if (m.value.name === 'grpFeed') {
      const o = this.#observers.get(m.value.body[0]);
      if (o !== undefined) void this.p.work.track(o.observer.onFeed(from, m.value.body));
    }
  }
}
