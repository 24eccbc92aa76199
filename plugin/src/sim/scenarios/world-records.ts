/** The world simulation's records: publishing signed requests, and the leaders' upkeep (`groups/stewardship.ts`). */
import { isFreshGroupRecord } from '../../dht/records/validators/group';
import type { CellMessages } from '../../groups/cell-room';
import { contains, parentOf, siblingsOf } from '../../groups/geometry';
import { groupLeader } from '../../groups/leader';
import { type Epoch, majority } from '../../neo/schedule';
import type { SimRecord } from './world-dht';
import type { SimGroup } from './world-group';
import { type World, ZONE } from './world-sim';

/** The leader looks at its own record this often (`groups/stewardship.ts`), ms. */
const OWN_RECORD_MS = 10_000;
/** ... and, when not their steward, at its ancestors' inner records this often, ms. */
const FALLBACK_CHECK_MS = 30_000;

/** Record publishing and the leaders' upkeep of one world. */
export class WorldRecords {
  readonly #published = new Set<string>();
  readonly #lastPut = new Map<string, SimRecord>();
  readonly #ownCheck = new WeakMap<SimGroup, number>();
  readonly #fallbackCheck = new WeakMap<SimGroup, number>();

  constructor(readonly w: World) {}

  publish(g: SimGroup, e: Epoch): void {
    const st = g.state;
    for (const cell in st.signs) {
      const r = st.signs[cell]!;
      const key = `${st.groupId}|${cell}|${r.seq}`;
      const voters = Object.keys(r.votes);
      if (voters.length < majority(r.members.length) || this.#published.has(key)) continue;
      this.#published.add(key);
      const leader = groupLeader(e.members, ZONE, g.cell, e.epoch) ?? e.members[0]!;
      this.w.verified(voters.length);
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
      this.w.dir.put(leader, rec);
    }
  }

  /** The leader's upkeep (`groups/stewardship.ts`): its record, its siblings, inner records. */
  stewardship(g: SimGroup, e: Epoch): void {
    if (g.state.transition !== null) return;
    const leader = groupLeader(e.members, ZONE, g.cell, e.epoch) ?? e.members[0]!;
    const submit = (type: keyof CellMessages & string, payload: unknown): void => {
      if (!g.ended) g.submit(leader, type, payload);
    };
    const now = this.w.clock.now();
    const own = (this.#ownCheck.get(g) ?? 0) <= now;
    if (own) this.#ownCheck.set(g, now + OWN_RECORD_MS);
    if (own)
      this.w.dir.get(
        leader,
        g.cell,
        (rec) => {
          if (g.ended) return;
          const last = this.#lastPut.get(`${g.id}|${g.cell}`);
          if (rec === undefined || (rec.groupId === g.groupId && last !== undefined && rec.seq < last.seq)) {
            if (last !== undefined) this.w.dir.put(leader, last);
            return;
          }
          if (rec.groupId === g.groupId) {
            if (g.state.relocate?.to === g.cell) submit('stay', {});
            return;
          }
          const splitSince = rec.inner && (!this.w.isReroot(g) || rec.exp - 60_000 > g.time(g.schedule[0]!.firstRound));
          if (rec.inner && !splitSince) {
            if (last !== undefined) this.w.dir.put(leader, last);
            submit('bump', { cell: g.cell, seq: rec.seq });
          } else if (
            splitSince ||
            (this.w.liveGroup(rec) !== undefined &&
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
    if (parent !== undefined && g.members.length < this.w.o.minGroup) {
      const sibs = siblingsOf(g.cell);
      const got: (SimRecord | undefined)[] = [];
      let left = sibs.length;
      for (const [i, s] of sibs.entries()) {
        this.w.dir.get(
          leader,
          s,
          (rec) => {
            got[i] = rec;
            if (--left > 0 || g.ended) return;
            const now = this.w.clock.now();
            const sizes = [
              { cell: g.cell, n: g.members.length },
              ...sibs.map((c, j) => ({
                cell: c,
                // An inner sibling split: it held more than maxGroup (`groups/stewardship.ts`).
                n:
                  got[j] === undefined
                    ? 0
                    : got[j]!.inner
                      ? this.w.o.maxGroup + 1
                      : isFreshGroupRecord(got[j]!, now)
                        ? got[j]!.members.length
                        : 0,
              })),
            ];
            const total = sizes.reduce((a, x) => a + x.n, 0);
            const coordinator = [...sizes].sort((a, b) => b.n - a.n || (a.cell < b.cell ? -1 : 1))[0]!.cell;
            submit('sib', { total, coordinator });
            if (coordinator === g.cell && total < this.w.o.minGroup) {
              this.w.dir.get(
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
    const mine = this.w.rect(g.cell);
    const fallback = (this.#fallbackCheck.get(g) ?? 0) <= now;
    if (fallback) this.#fallbackCheck.set(g, now + FALLBACK_CHECK_MS);
    if (own) {
      for (let a = parent; a !== undefined; a = parentOf(a)) {
        // Not the cell we relocate into: it merges (`groups/stewardship.ts`).
        if (g.state.relocate?.to === a) continue;
        const r = this.w.rect(a);
        const steward = contains(mine, { x: r.x + r.width / 2, y: r.y + r.height / 2 });
        if (!steward && !fallback) continue;
        const cell = a;
        const limit = steward ? 7_000 : 20_000 + this.w.rng.int(15_000);
        this.w.dir.get(
          leader,
          cell,
          (held) => {
            if (held !== undefined && !held.inner) return;
            const age = held === undefined ? Number.POSITIVE_INFINITY : this.w.clock.now() - (held.exp - 60_000);
            if (age > limit) submit('iref', { cell, seq: held?.seq ?? 0 });
          },
          'inner',
        );
      }
    }
  }
}
