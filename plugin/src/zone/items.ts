import type { RoomReplica } from '../room/replica';
import type { Unsubscribe } from '../room/types';
import type { PeerId } from '../transport/transport';
import type { CellGrid } from './cells';
import type { ItemRec, SystemMessages, SystemState } from './system-room';
import type { Item, Rect, ZoneItems } from './types';

type Events = {
  dropped: (item: Item) => void;
  picked: (item: Item, by: PeerId) => void;
  removed: (item: Item) => void;
};

function toItem(id: string, r: ItemRec): Item {
  return { id, kind: r.kind, x: r.x, y: r.y, by: r.by, droppedAt: r.droppedAt, decaysAt: r.decaysAt, cell: r.cell };
}

const live = (items: Readonly<Record<string, ItemRec>>, id: string): ItemRec | undefined => {
  const r = Object.hasOwn(items, id) ? items[id] : undefined;
  return r !== undefined && !r.removed ? r : undefined;
};

/**
 * The game's view of the zone's items: reads the decided system state and turns each change
 * (applied round, snapshot, repair) into events by comparing the items before and after, so a
 * joiner's snapshot or a repaired round shows as the net change.
 */
export class ItemsView implements ZoneItems {
  readonly #system: RoomReplica<SystemState, SystemMessages>;
  readonly #grid: CellGrid;
  readonly #listeners: { [K in keyof Events]: Set<Events[K]> } = {
    dropped: new Set(),
    picked: new Set(),
    removed: new Set(),
  };
  /** Listener errors (local). */
  errors = 0;

  constructor(system: RoomReplica<SystemState, SystemMessages>, grid: CellGrid) {
    this.#system = system;
    this.#grid = grid;
    system.observe({ update: (u) => this.#diff(u.previous.items, u.state.items) });
  }

  list(): readonly Item[] {
    const items = this.#system.observedState.items;
    const out: Item[] = [];
    for (const id of Object.keys(items).sort()) {
      const r = live(items, id);
      if (r !== undefined) out.push(toItem(id, r));
    }
    return out;
  }

  inRect(r: Rect): readonly Item[] {
    const cells = new Set(this.#grid.overlapping(r));
    return this.list().filter((i) => cells.has(i.cell));
  }

  drop(kind: string, x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError('drop: x and y must be finite numbers');
    if (!this.#grid.contains(x, y)) throw new RangeError(`drop: (${x}, ${y}) lies outside the zone`);
    this.#system.enqueue('drop', { kind, x, y });
  }

  pickUp(id: string): void {
    this.#system.enqueue('pickUp', { id });
  }

  on(e: 'dropped', fn: (item: Item) => void): Unsubscribe;
  on(e: 'picked', fn: (item: Item, by: PeerId) => void): Unsubscribe;
  on(e: 'removed', fn: (item: Item) => void): Unsubscribe;
  on(e: keyof Events, fn: Events[keyof Events]): Unsubscribe {
    const set = this.#listeners[e] as Set<Events[keyof Events]> | undefined;
    if (set === undefined) throw new RangeError(`items.on: unknown event ${String(e)}`);
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  #emit<K extends keyof Events>(e: K, ...args: Parameters<Events[K]>): void {
    for (const fn of [...this.#listeners[e]]) {
      try {
        (fn as (...a: Parameters<Events[K]>) => void)(...args);
      } catch {
        this.errors++;
      }
    }
  }

  #diff(before: Readonly<Record<string, ItemRec>>, after: Readonly<Record<string, ItemRec>>): void {
    if (before === after) return;
    for (const id of Object.keys(before).sort()) {
      const was = live(before, id);
      if (was === undefined || live(after, id) !== undefined) continue;
      const now = Object.hasOwn(after, id) ? after[id] : undefined;
      const item = toItem(id, was);
      if (now?.pickedBy) this.#emit('picked', item, now.pickedBy);
      this.#emit('removed', item);
    }
    for (const id of Object.keys(after).sort()) {
      const r = live(after, id);
      if (r !== undefined && live(before, id) === undefined) this.#emit('dropped', toItem(id, r));
    }
  }
}
