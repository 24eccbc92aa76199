import type { Clock } from '../clock/clock';
import { isInner, type VerifiedGroup } from '../dht/records/validators/group';
import type { Rect } from '../zone/types';
import {
  childIndexFor,
  childrenOf,
  depthOf,
  MAX_DEPTH,
  overlaps,
  type Point,
  ROOT_CELL,
  type RootSquare,
} from './geometry';
import { QuadTree } from './tree';

/** A cell found empty (no record) is read again after this long, ms. */
export const EMPTY_MAX_AGE_MS = 5000;

/** Reads the group record of one cell (verified by the DHT), or undefined when there is none. */
export type ReadCell = (cell: string, signal?: AbortSignal) => Promise<VerifiedGroup | undefined>;

/** Options of a {@link LeafFinder}. */
export interface LeafFinderOptions {
  readonly zone: string;
  readonly root: RootSquare;
  readonly read: ReadCell;
  readonly clock: Clock;
  /** A cached leaf record is used for this long before it is read again, ms (default 20 000). */
  readonly maxAgeMs?: number;
  /** The zone's bounds: a cell entirely outside holds no group (avatars stay inside), never read. */
  readonly bounds?: Rect;
}

/** What a walk found: the leaf, its record (undefined: an empty leaf, nobody plays there yet). */
export interface FoundLeaf {
  readonly cell: string;
  readonly record: VerifiedGroup | undefined;
  /** DHT reads this walk made (the rest came from the cache). */
  readonly reads: number;
}

interface Cached {
  readonly record: VerifiedGroup | undefined;
  readonly at: number;
}

/**
 * Finds the leaf of a zone's quadtree holding a point by walking down from the root: read the
 * root's group record; an inner record sends the walk to the child holding the point; a leaf
 * record, or no record, ends it. So a walk costs at most depth + 1 DHT reads, and records read
 * are cached (`maxAgeMs`), so a walk next to an earlier one usually costs none or one. The
 * cache is also the local picture of the tree (`tree`), which observation uses.
 */
export class LeafFinder {
  readonly #o: LeafFinderOptions;
  readonly #cache = new Map<string, Cached>();
  readonly #inflight = new Map<string, Promise<VerifiedGroup | undefined>>();
  readonly tree: QuadTree;
  /** DHT reads made so far. */
  reads = 0;

  constructor(o: LeafFinderOptions) {
    this.#o = o;
    this.tree = new QuadTree(o.root);
  }

  /** The leaf holding `p`. With `fresh`, the leaf's own record is read again even when cached. */
  async find(p: Point, options: { readonly signal?: AbortSignal; readonly fresh?: boolean } = {}): Promise<FoundLeaf> {
    let cell = ROOT_CELL;
    let reads = 0;
    for (;;) {
      const got = await this.#record(cell, options.signal, false);
      reads += got.read ? 1 : 0;
      const rec = got.record;
      if (rec === undefined || !isInner(rec) || depthOf(cell) >= MAX_DEPTH) {
        if (options.fresh && !got.read) {
          const again = await this.#record(cell, options.signal, true);
          reads++;
          if (again.record !== undefined && isInner(again.record) && depthOf(cell) < MAX_DEPTH) continue;
          return { cell, record: again.record, reads };
        }
        return { cell, record: rec, reads };
      }
      cell = `${cell}${childIndexFor(this.#o.root, cell, p)}`;
    }
  }

  /** Every leaf overlapping `r` with its record, walking down every branch the rect touches. */
  async overlapping(r: Rect, signal?: AbortSignal): Promise<FoundLeaf[]> {
    const out: FoundLeaf[] = [];
    const visit = async (cell: string): Promise<void> => {
      if (!overlaps(this.tree.rect(cell), r)) return;
      const got = await this.#record(cell, signal, false);
      const rec = got.record;
      if (rec === undefined || !isInner(rec) || depthOf(cell) >= MAX_DEPTH) {
        out.push({ cell, record: rec, reads: got.read ? 1 : 0 });
        return;
      }
      await Promise.all(childrenOf(cell).map(visit));
    };
    await visit(ROOT_CELL);
    return out.sort((a, b) => (a.cell < b.cell ? -1 : 1));
  }

  /** The record of `cell`: from the cache while it is recent, else read. */
  async cachedOrRead(cell: string, signal?: AbortSignal): Promise<VerifiedGroup | undefined> {
    return (await this.#record(cell, signal, false)).record;
  }

  /** The cached record of `cell` (undefined when not cached or known empty). */
  cached(cell: string): VerifiedGroup | undefined {
    return this.#cache.get(cell)?.record;
  }

  /** Learns a record found elsewhere (our own group's, one an observer received). */
  note(cell: string, record: VerifiedGroup | undefined): void {
    this.#store(cell, record);
  }

  /** Forgets what is cached about `cell` (a join through its record failed). */
  invalidate(cell: string): void {
    this.#cache.delete(cell);
  }

  async #record(cell: string, signal: AbortSignal | undefined, fresh: boolean) {
    if (this.#o.bounds !== undefined && !overlaps(this.tree.rect(cell), this.#o.bounds)) {
      return { record: undefined, read: false };
    }
    const now = this.#o.clock.now();
    const hit = this.#cache.get(cell);
    // An empty cell is looked at again sooner (a group may be founded there any moment); an inner
    // one only when its record expires (it changes when its children merge).
    const maxAge =
      hit?.record === undefined
        ? EMPTY_MAX_AGE_MS
        : isInner(hit.record)
          ? Number.POSITIVE_INFINITY
          : (this.#o.maxAgeMs ?? 20_000);
    if (!fresh && hit !== undefined && now - hit.at < maxAge && (hit.record === undefined || hit.record.exp > now)) {
      return { record: hit.record, read: false };
    }
    let p = this.#inflight.get(cell);
    if (p === undefined) {
      this.reads++;
      p = this.#o.read(cell, signal).finally(() => this.#inflight.delete(cell));
      this.#inflight.set(cell, p);
    }
    const record = await p;
    this.#store(cell, record);
    return { record, read: true };
  }

  #store(cell: string, record: VerifiedGroup | undefined): void {
    this.#cache.set(cell, { record, at: this.#o.clock.now() });
    if (record !== undefined && isInner(record)) this.tree.split(cell);
    else if (this.tree.isInner(cell)) this.tree.merge(cell);
  }
}
