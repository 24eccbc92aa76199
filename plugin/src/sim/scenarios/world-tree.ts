/** The world simulation's players' view of the tree: their record caches, walks and overlaps (`groups/walk.ts`). */
import { childrenOf, contains, overlaps, type Point } from '../../groups/geometry';
import type { Rect } from '../../zone/types';
import type { SimRecord } from './world-dht';
import type { SimGroup } from './world-group';
import type { SimPlayer } from './world-player';
import type { World } from './world-sim';

/** An empty cell is read again after this long (`groups/walk.ts`), ms. */
const EMPTY_MAX_AGE_MS = 5000;

/** Each player's cache of records, and the walks over it. */
export class WorldTree {
  /** Per player (by index): cell -> its record (undefined: empty) and when it was read. */
  readonly caches: Map<string, { rec: SimRecord | undefined; at: number }>[] = [];

  constructor(readonly w: World) {}

  cached(p: SimPlayer, cell: string, fresh: boolean, done: (r: SimRecord | undefined) => void, why = 'cached'): void {
    // A cell outside the zone holds no group (avatars stay inside the zone): never read.
    if (!overlaps(this.w.rect(cell), this.w.bounds)) {
      done(undefined);
      return;
    }
    const cache = this.caches[p.index]!;
    const hit = cache.get(cell);
    const now = this.w.clock.now();
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
    this.w.dir.get(
      p.id,
      cell,
      (rec) => {
        cache.set(cell, { rec, at: this.w.clock.now() });
        done(rec);
      },
      why,
    );
  }

  #observedBy(p: SimPlayer, rec: SimRecord): boolean {
    const g = this.w.liveGroup(rec);
    return g !== undefined && p.observing.has(g);
  }

  /** The observed group whose leaf holds `at` (a handoff needs no lookup then). */
  observedAt(p: SimPlayer, at: Point): SimGroup | undefined {
    for (const g of p.observing.keys()) if (!g.ended && contains(this.w.rect(g.cell), at)) return g;
    return undefined;
  }

  /** The leaf holding `at` and its record, walking down from the root (the leaf read fresh). */
  walk(p: SimPlayer, at: Point, done: (cell: string, rec: SimRecord | undefined) => void): void {
    const step = (cell: string, fresh: boolean): void => {
      this.cached(
        p,
        cell,
        fresh,
        (rec) => {
          if (rec?.inner) {
            const r = this.w.rect(cell);
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
      if (!overlaps(this.w.rect(cell), rect)) return;
      pending++;
      this.cached(
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
}
