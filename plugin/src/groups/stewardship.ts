import type { TimerHandle } from '../clock/clock';
import { GROUP_RECORD_TTL_MS, isFreshGroupRecord, isInner, type VerifiedGroup } from '../dht/records/validators/group';
import { reach } from '../zone/discovery';
import type { CellMember } from './cell-member';
import { cellRect, contains, parentOf, siblingsOf } from './geometry';
import type { GroupsPlayer } from './player';

function fnv(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The leader looks at its records this often (plus up to a second of jitter), ms. */
export const STEWARD_MS = 3000;
/** ... and at its own record this often, ms (each look is a DHT lookup). */
export const OWN_RECORD_MS = 10_000;
/** An inner record signed longer ago than this is re-signed by its steward (within its 10 s freshness), ms. */
export const INNER_REFRESH_MS = 7_000;
/** ... and by any other leaf below it after this long (plus up to 15 s of jitter), ms. */
export const FALLBACK_REFRESH_MS = 20_000;
/** A leaf that is not their steward looks at its ancestors' inner records this often, ms. */
export const FALLBACK_CHECK_MS = 30_000;

/**
 * The leader's upkeep, every 3 to 4 s, for the group holding our entity:
 * - its own record: put it again when the DHT lost it or holds an older one; when another live
 *   group holds the cell and is larger, every member moves there (`reloc`), else our next record
 *   outranks it (`bump`);
 * - its siblings: report their total members (a sibling whose record is no longer fresh counts
 *   as empty: nobody re-signs it; an inner one as more than maxGroup: it split) and the
 *   coordinator of a merge (the largest; ties: the first cell) to the group (`sib`), which
 *   decides merges through its size watch; the coordinator first signs the parent's inner record
 *   with its own group, so the record it writes when it re-roots continues it;
 * - inner records: the leaf holding the centre of an inner cell is its steward and re-signs it
 *   (`iref`, looked at every 10 s) before it goes stale; any leaf below (looking every 30 s)
 *   does when the steward did not.
 */
export class Stewardship {
  #timer: TimerHandle | undefined;
  #running = false;
  #ownAt = 0;
  #innerAt = 0;
  #fallbackAt = 0;

  constructor(readonly p: GroupsPlayer) {}

  start(): void {
    this.#running = true;
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.p.ctx.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    if (!this.#running || this.#timer !== undefined) return;
    const clock = this.p.ctx.clock;
    this.#timer = clock.setTimeout(() => {
      this.#timer = undefined;
      this.p.checkStall();
      void this.#tick()
        .catch(() => this.p.count('stewardErrors'))
        .finally(() => this.#arm());
    }, STEWARD_MS + this.p.ctx.rng.int(1000));
  }

  async #tick(): Promise<void> {
    const m = this.p.current;
    if (m === undefined || !m.joined || m.ended || !m.isLeader() || m.state.transition !== null) return;
    const now = this.p.ctx.clock.now();
    if (now >= this.#ownAt) {
      this.#ownAt = now + OWN_RECORD_MS;
      await this.#ownRecord(m);
    }
    if (m !== this.p.current || m.ended) return;
    // Only a group below minGroup can be one of four below it together.
    if (m.members().length < this.p.o.rule.minGroup) await this.#siblings(m);
    await this.#inner(m);
  }

  async #ownRecord(m: CellMember): Promise<void> {
    const rec = await this.p.readCell(m.cell);
    if (m.ended) return;
    const ours = m.state.groupId;
    const last = m.publisher.last(m.cell);
    if (rec === undefined || (rec.groupId === ours && last !== undefined && rec.seq < last.seq)) {
      if (last !== undefined) await m.publisher.republish(m.cell);
      return;
    }
    if (rec.groupId === ours) {
      // A relocation out of our own cell (another group held it) is moot once the cell is ours.
      if (m.state.relocate?.to === m.cell) m.submit('stay', {});
      return;
    }
    // A re-rooted group replaces its cell's inner record, which gives way once stale: until then
    // we keep putting ours. Any other group finding its cell split (or held by a larger group)
    // moves: every member hands its entity to the leaf its own walk finds.
    const splitSince = isInner(rec) && (m.origin !== 'reroot' || rec.exp - GROUP_RECORD_TTL_MS > m.startedAt);
    if (isInner(rec) && !splitSince) {
      if (last !== undefined) await m.publisher.republish(m.cell);
      m.submit('bump', { cell: m.cell, seq: rec.seq });
      return;
    }
    // Two groups for one cell (founded at once): the larger one wins, at equal size the smaller
    // group id (the zone layer's rule), when one of its members answers; the other moves in.
    const n = m.members().length;
    const wins = rec.members.length > n || (rec.members.length === n && rec.groupId < ours);
    const others = rec.members.filter((x) => x !== this.p.ctx.playerId && !this.p.ctx.isBanned(x));
    const alive = wins && !splitSince && others.length > 0 && (await reach(this.p.ctx, others, 3000)).length > 0;
    if (m.ended) return;
    if (splitSince || alive) {
      // The cell is another group's (a larger one, or it was split meanwhile): everyone moves.
      if (m.state.relocate === null) m.submit('reloc', { to: m.cell });
      this.p.count('relocations');
      return;
    }
    m.submit('bump', { cell: m.cell, seq: rec.seq });
  }

  async #siblings(m: CellMember): Promise<void> {
    const parent = parentOf(m.cell);
    if (parent === undefined) return;
    const sibs = await Promise.all(siblingsOf(m.cell).map(async (c) => ({ cell: c, rec: await this.p.readCell(c) })));
    if (m.ended) return;
    // A sibling record that is no longer fresh stands for a group that is gone (nobody re-signs it).
    // An inner sibling split, so it held more than maxGroup: the four cannot merge (the report
    // says so, which also calls off a relocation into the parent that waits for a merge).
    const now = this.p.ctx.clock.now();
    const live = (r: VerifiedGroup | undefined): number =>
      r === undefined ? 0 : isInner(r) ? this.p.o.rule.maxGroup + 1 : isFreshGroupRecord(r, now) ? r.members.length : 0;
    const sizes = [{ cell: m.cell, n: m.members().length }, ...sibs.map((s) => ({ cell: s.cell, n: live(s.rec) }))];
    const total = sizes.reduce((a, s) => a + s.n, 0);
    const coordinator = [...sizes].sort((a, b) => b.n - a.n || (a.cell < b.cell ? -1 : 1))[0]!.cell;
    m.submit('sib', { total, coordinator });
    if (coordinator === m.cell && total < this.p.o.rule.minGroup) {
      const held = await this.p.readCell(parent);
      if (held !== undefined && held.groupId !== m.state.groupId && !m.ended) {
        m.submit('iref', { cell: parent, seq: held.seq });
      }
    }
  }

  /**
   * Inner records of our ancestors: the steward (the leaf holding the cell's centre) re-signs one
   * more than 7 s old; any other leaf's leader does when it is more than 20 to 35 s old (the
   * steward's leaf is empty or its group failed), so no subtree with groups in it goes dark.
   */
  async #inner(m: CellMember): Promise<void> {
    const root = this.p.finder.tree.root;
    const mine = cellRect(root, m.cell);
    const now = this.p.ctx.clock.now();
    if (now < this.#innerAt) return;
    this.#innerAt = now + OWN_RECORD_MS;
    const fallback = now >= this.#fallbackAt;
    if (fallback) this.#fallbackAt = now + FALLBACK_CHECK_MS;
    for (let a = parentOf(m.cell); a !== undefined; a = parentOf(a)) {
      // The cell we relocate into merges: its re-rooted group's leaf record replaces the inner
      // one, which it can do at once only while nobody else re-signed it (else once stale).
      if (m.state.relocate?.to === a) continue;
      const r = cellRect(root, a);
      const steward = contains(mine, { x: r.x + r.width / 2, y: r.y + r.height / 2 });
      if (!steward && !fallback) continue;
      const held: VerifiedGroup | undefined = await this.p.readCell(a);
      if (m.ended) return;
      if (held !== undefined && !isInner(held)) {
        // The split that made our group may not have stored this inner record (its signers went
        // silent first): the leaf record of the group we split from is still there, and walks
        // stop at it. Re-sign the cell as inner (never over another group's live leaf record).
        const ours = m.origin === 'split' && held.groupId === m.parentGroup;
        if (a === parentOf(m.cell) && ours && held.exp - GROUP_RECORD_TTL_MS < m.startedAt) {
          this.p.count('innerRestored');
          m.submit('iref', { cell: a, seq: held.seq });
        }
        continue;
      }
      const age = held === undefined ? Number.POSITIVE_INFINITY : now - (held.exp - GROUP_RECORD_TTL_MS);
      // Jitter from the player's id and the cell (not the shared rng, whose draws NEO's choices use).
      const jitter = fnv(`${this.p.ctx.playerId}|${a}`) % 15_000;
      const limit = steward ? INNER_REFRESH_MS : FALLBACK_REFRESH_MS + jitter;
      if (age > limit) m.submit('iref', { cell: a, seq: held?.seq ?? 0 });
    }
  }
}
