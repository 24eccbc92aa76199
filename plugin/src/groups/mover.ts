import type { CellMember } from './cell-member';
import { signedByMajority } from './cell-room';
import type { Outgoing } from './cell-state';
import type { Point } from './geometry';
import type { GroupsPlayer } from './player';

/** How long the old group has to sign our handoff, ms. */
export const HANDOFF_SIGN_MS = 8000;
/** How long the new group has to adopt our entity, ms (its arrival timeout plus margin). */
export const HANDOFF_ADOPT_MS = 12_000;
/** After a handoff (done or failed), the next try waits this long, ms. */
export const HANDOFF_RETRY_MS = 1000;

/**
 * Hands our entity over to the group of the leaf it now stands in: find the leaf (a fresh look
 * at its record), join or found its group while still playing in the old one, then freeze the
 * entity in the old group (`out`), wait for a majority's signatures on its final state, claim it
 * in the new group (`in`), wait until a majority there checked the certificate and adopted it,
 * and only then leave the old group (whose copy goes with our leave). At every moment exactly one
 * group holds the entity as live; a failure at any step takes the handoff back (`back`).
 */
export class Mover {
  #busy = false;
  #retryAt = 0;

  constructor(readonly p: GroupsPlayer) {}

  /** Whether a handoff is running. */
  get busy(): boolean {
    return this.#busy || this.p.ctx.clock.now() < this.#retryAt;
  }

  /** Runs one handoff attempt for an entity standing at `at`. */
  async run(at: Point): Promise<void> {
    if (this.busy) return;
    this.#busy = true;
    try {
      // After a handoff too: a new group is kept for a moment (no back-and-forth at a corner).
      await this.#attempt(at);
      this.#retryAt = this.p.ctx.clock.now() + HANDOFF_RETRY_MS;
    } finally {
      this.#busy = false;
    }
  }

  async #attempt(at: Point): Promise<boolean> {
    const p = this.p;
    const self = p.ctx.playerId;
    const from = p.current;
    if (from === undefined) return false;
    // Relocating (into the parent, or out of our own cell held by another group): the target's
    // record is read afresh (a cached inner record, kept until it expires, would send the walk
    // back down to our own leaf, or below our re-rooted cell, for good).
    const reloc = from.state.relocate?.to;
    if (reloc !== undefined) p.finder.invalidate(reloc);
    // The leaf we walk into is in view: its group is known from its feed, no lookup needed.
    const seen = p.observedAt(at);
    const found =
      seen !== undefined ? { cell: seen.cell, record: { ...seen, seq: 0 } } : await p.finder.find(at, { fresh: true });
    if (p.closed || p.current !== from) return false;
    const sameGroup = found.cell === from.cell && (found.record === undefined || found.record.groupId === from.groupId);
    // A cell below ours, for a re-rooted group: the DHT still holds the inner record it replaces.
    const below = from.origin === 'reroot' && found.cell.length > from.cell.length && found.cell.startsWith(from.cell);
    // Our leaf is still ours (a relocation waits for the parent's record to appear).
    if (sameGroup || below) return false;
    // The group we are still leaving: our leave would take the entity back out of it.
    if (found.record !== undefined && p.exiting.has(`${found.cell}|${found.record.groupId}`)) return false;
    p.count('handoffsStarted');
    const to = await p.enter(found.cell, found.record);
    if (to === undefined) return false;
    if (p.closed || p.current !== from) {
      void to.exit();
      return false;
    }
    p.transit = to;
    from.submit('out', { to: to.cell });
    const og = await p.waiters.until(
      from,
      (st) => {
        const o: Outgoing | undefined = st.outgoing[self];
        return o !== undefined && signedByMajority(o) ? o : undefined;
      },
      HANDOFF_SIGN_MS,
    );
    if (og === undefined || p.transit !== to || p.current !== from) return this.#abort(from, p.transit ?? to);
    const sigs = Object.keys(og.votes)
      .map((id) => [og.members.indexOf(id), og.votes[id]!] as [number, Uint8Array])
      .filter(([i]) => i >= 0)
      .sort((a, b) => a[0] - b[0]);
    to.submit('in', {
      from: from.cell,
      gid: from.state.groupId,
      hop: og.hop,
      x: og.x,
      y: og.y,
      data: og.data,
      time: og.time,
      members: [...og.members],
      sigs,
    });
    const dest = await this.#adopted(to);
    if (dest === undefined) return this.#abort(from, p.transit ?? to);
    p.current = dest;
    p.transit = undefined;
    p.orphan = false;
    p.count('handoffs');
    p.viewChanged();
    const key = `${from.cell}|${from.groupId}`;
    p.exiting.add(key);
    void from.exit().finally(() => p.exiting.delete(key));
    return true;
  }

  /**
   * Waits until our entity is adopted where we hand it over: in `to`, or in the child `to` split
   * or re-rooted into meanwhile (our arrival went there with the split: `transit` follows it).
   */
  async #adopted(to: CellMember): Promise<CellMember | undefined> {
    const p = this.p;
    const self = p.ctx.playerId;
    const end = p.ctx.clock.now() + HANDOFF_ADOPT_MS;
    for (let dest = to; ; ) {
      const left = end - p.ctx.clock.now();
      if (left <= 0) return undefined;
      const e = await p.waiters.until(dest, (st) => st.entities[self], left);
      if (e !== undefined && p.transit === dest) return dest;
      if (p.transit === undefined || p.transit === dest) return undefined;
      dest = p.transit;
    }
  }

  #abort(from: CellMember, to: CellMember): false {
    this.p.count('handoffsAborted');
    from.submit('back', {});
    if (this.p.transit === to) this.p.transit = undefined;
    void to.exit();
    return false;
  }
}
