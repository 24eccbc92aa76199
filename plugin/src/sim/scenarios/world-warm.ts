/**
 * The world simulation's warm start: the world as if it had been running, a quadtree split down
 * to leaves of at most `maxGroup` players, a group per leaf with its players' entities, every
 * record stored, and each player's cache holding the records its camera overlaps.
 */
import { groupIdOf } from '../../dht/records/validators/group';
import { initialCellState } from '../../groups/cell-room';
import type { CellState } from '../../groups/cell-state';
import { childrenOf, overlaps, type Point } from '../../groups/geometry';
import { QuadTree } from '../../groups/tree';
import type { PeerId } from '../../transport/transport';
import { SimGroup } from './world-group';
import type { SimPlayer } from './world-player';
import { K, R, type World } from './world-sim';

/** Builds the warm tree, its groups and records, and the players' record caches. */
export function warmStart(w: World): void {
  const tree = new QuadTree(w.root);
  const at = new Map<string, SimPlayer[]>();
  const place = (p: SimPlayer): Point => p.start;
  for (const p of w.players) {
    const leaf = tree.leafAt(place(p));
    const list = at.get(leaf) ?? [];
    list.push(p);
    at.set(leaf, list);
    if (list.length > w.o.maxGroup) {
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
          if (ps.length <= w.o.maxGroup) continue;
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
  const t0 = Math.ceil((w.clock.now() + 200) / R) * R;
  for (const [cell, ps] of at) {
    const members = ps.map((p) => p.id).sort();
    const groupId = groupIdOf(members[0]!, t0);
    const entities: Record<PeerId, CellState['entities'][string]> = {};
    for (const p of ps) entities[p.id] = { ...place(p), data: new Uint8Array(), hop: 0, t: t0, frozen: false };
    const state: CellState = { ...initialCellState(), started: true, groupId, clock: t0 - R, entities };
    const g = new SimGroup(
      w,
      cell,
      groupId,
      w.def(cell),
      { epoch: 0, firstRound: 0, t0, roundMs: R, k: K, members },
      { round: -1, state },
    );
    w.groups.set(`${cell}|${groupId}`, g);
    for (const p of ps) p.group = g;
    w.dir.seed({ cell, groupId: g.groupId, seq: 1, exp: t0 + 60_000, members, signers: members, inner: false });
  }
  w.warmMean = Math.round((w.players.length / Math.max(1, at.size)) * 100) / 100;
  for (const cell of tree.innerCells()) {
    const holder = [...at.entries()].find(([c]) => c.startsWith(cell));
    const members = holder?.[1].map((p) => p.id).sort() ?? ['w000000'];
    w.dir.seed({ cell, groupId: `seed.${t0}`, seq: 1, exp: t0 + 60_000, members, signers: members, inner: true });
  }
  // Players that have been playing know the records around them: each cache holds the cells
  // its camera overlaps (and their ancestors), as a view refresh would have left them.
  for (const p of w.players) {
    const cache = w.tree.caches[p.index]!;
    const view = p.view(place(p));
    const visit = (cell: string): void => {
      if (!overlaps(w.rect(cell), view) || !overlaps(w.rect(cell), w.bounds)) return;
      const rec = w.dir.peek(cell);
      cache.set(cell, { rec, at: w.clock.now() });
      if (rec?.inner) for (const c of childrenOf(cell)) visit(c);
    };
    visit('r');
  }
}
