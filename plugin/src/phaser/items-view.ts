import type { Item, Rect } from '../zone';

/**
 * Shows the dropped items near the camera: given the items of the view (plus a margin) it makes
 * a game object for each item that came into it and destroys the object of each that left it
 * (walked away, picked up, decayed), each exactly once.
 */

/** How the view touches game objects. */
export interface ItemPort<O> {
  create(item: Item): O;
  destroy(obj: O, item: Item): void;
}

/** `rect` grown by `margin` on every side. */
export function expandRect(rect: Rect, margin: number): Rect {
  return { x: rect.x - margin, y: rect.y - margin, width: rect.width + 2 * margin, height: rect.height + 2 * margin };
}

/** Whether two rectangles have the same position and size. */
export function sameRect(a: Rect | undefined, b: Rect | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function contains(r: Rect, x: number, y: number): boolean {
  return x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
}

/** The objects of the items in view. */
export class ItemsView<O> {
  readonly #port: ItemPort<O>;
  readonly #onError: ((error: unknown, where: string) => void) | undefined;
  readonly #shown = new Map<string, { readonly obj: O; readonly item: Item }>();

  constructor(port: ItemPort<O>, onError?: (error: unknown, where: string) => void) {
    this.#port = port;
    this.#onError = onError;
  }

  /** The game object of item `id`, if shown. */
  get(id: string): O | undefined {
    return this.#shown.get(id)?.obj;
  }

  /** Ids of the items shown. */
  ids(): string[] {
    return [...this.#shown.keys()];
  }

  /**
   * Makes the shown set equal to `items` (restricted to `within` when given: the zone answers by
   * whole area cells, which can be much larger than the view).
   */
  sync(items: readonly Item[], within?: Rect): void {
    const keep = new Map<string, Item>();
    for (const item of items) {
      if (within === undefined || contains(within, item.x, item.y)) keep.set(item.id, item);
    }
    for (const [id, shown] of [...this.#shown]) {
      if (!keep.has(id)) this.#destroy(id, shown.obj, shown.item);
    }
    for (const [id, item] of keep) {
      if (this.#shown.has(id)) continue;
      try {
        this.#shown.set(id, { obj: this.#port.create(item), item });
      } catch (error) {
        this.#onError?.(error, 'items.create');
      }
    }
  }

  /** Destroys every object. */
  clear(): void {
    for (const [id, shown] of [...this.#shown]) this.#destroy(id, shown.obj, shown.item);
  }

  #destroy(id: string, obj: O, item: Item): void {
    this.#shown.delete(id);
    try {
      this.#port.destroy(obj, item);
    } catch (error) {
      this.#onError?.(error, 'items.destroy');
    }
  }
}
