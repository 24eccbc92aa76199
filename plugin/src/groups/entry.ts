/**
 * Getting a player into its leaf's group: walk down the quadtree, join the leaf's group (or found
 * one), create the player's entity there; and again when the leaf moves on under the joiner (a
 * split, another group taking the cell), or after a removal.
 */
import { sleep } from '../clock/clock';
import { groupIdOf, type VerifiedGroup } from '../dht/records/validators/group';
import { err, ok, type Result } from '../util/result';
import { reach } from '../zone/discovery';
import { ZoneError, ZoneErrorCode } from '../zone/errors';
import type { CellMember } from './cell-member';
import type { Point } from './geometry';
import type { GroupsPlayer } from './player';

/** A joiner gives up on a group that has not let it in within this long, ms. */
export const JOIN_TIMEOUT_MS = 20_000;

/** How often a join in progress looks again at which group it is in (a split may have moved it). */
const SPAWN_RECHECK_MS = 500;

/** A group asked to let us in that has not admitted us within this long has moved on, ms. */
const ADMIT_TIMEOUT_MS = 6000;

/** Pause before walking to our leaf again after a failed join, ms. */
const RETRY_MS = 250;

/** Pause before a rejoin after a removal, and between its tries, ms. */
const REJOIN_RETRY_MS = 1000;

const aborted = (): ZoneError => new ZoneError(ZoneErrorCode.Aborted, 'joining the zone was aborted');

/** One player's way into its groups. */
export class Entry {
  /** Groups being joined or founded: a split or re-root there moves the slot to our child. */
  readonly #slots = new Set<{ m: CellMember }>();
  #running = 0;
  #rejoining = false;

  constructor(readonly p: GroupsPlayer) {}

  /** Whether a {@link Entry.settleIn} is running. */
  get busy(): boolean {
    return this.#running > 0;
  }

  /** Whether `m` is a group we are joining or founding right now. */
  isEntering(m: CellMember): boolean {
    for (const s of this.#slots) if (s.m === m) return true;
    return false;
  }

  /** A group we are entering split or re-rooted: `child`, where we are assigned, is entered instead. */
  follow(m: CellMember, child: CellMember): void {
    for (const s of this.#slots) if (s.m === m) s.m = child;
  }

  /** Comes back in at `p` a second from now (after a removal), and keeps trying; one at a time. */
  rejoin(p: Point): void {
    if (this.#rejoining) return;
    this.#rejoining = true;
    const player = this.p;
    player.ctx.clock.setTimeout(async () => {
      try {
        for (;;) {
          if (player.closed || player.current !== undefined) return;
          const r = await this.settleIn(p, player.ctx.clock.now() + JOIN_TIMEOUT_MS);
          if (r.ok) {
            player.count('rejoins');
            return;
          }
          // Keep trying: a player out of every group sees nothing. A group that never created our
          // entity is left first (else the loop would take it for our group).
          const stray = player.current as CellMember | undefined;
          if (stray !== undefined && stray.state.entities[player.ctx.playerId] === undefined) {
            player.current = undefined;
            void stray.exit();
          }
          await sleep(player.ctx.clock, REJOIN_RETRY_MS, player.o.signal).catch(() => undefined);
        }
      } finally {
        this.#rejoining = false;
      }
    }, REJOIN_RETRY_MS);
  }

  /**
   * Finds our leaf at `p`, joins or founds its group and creates our entity there; when that
   * group ends before it let us in and nothing takes its place, finds the leaf again.
   */
  async settleIn(p: Point, deadline: number): Promise<Result<void, ZoneError>> {
    this.#running++;
    try {
      return await this.#settle(p, deadline);
    } finally {
      this.#running--;
    }
  }

  async #settle(p: Point, deadline: number): Promise<Result<void, ZoneError>> {
    for (;;) {
      if (this.p.o.signal?.aborted || this.p.closed) return err(aborted());
      if (this.p.ctx.clock.now() >= deadline) {
        return err(new ZoneError(ZoneErrorCode.JoinFailed, 'our entity was not created'));
      }
      const found = await this.p.finder.find(p, { fresh: true, signal: this.p.o.signal });
      const ours = await this.enter(found.cell, found.record, this.p.o.signal);
      if (ours === undefined) {
        if (this.p.o.signal?.aborted) return err(aborted());
        if (this.p.ctx.clock.now() >= deadline) {
          return err(new ZoneError(ZoneErrorCode.JoinFailed, 'no group of the leaf let us in'));
        }
        // The leaf's group moved on while we asked (a split): walk to our leaf again.
        this.p.count('joinRetries');
        await sleep(this.p.ctx.clock, RETRY_MS, this.p.o.signal).catch(() => undefined);
        continue;
      }
      this.p.current = ours;
      this.p.orphan = false;
      this.p.markApplied();
      const spawned = await this.#spawn(p, deadline);
      if (spawned === 'spawned') return ok(undefined);
      if (spawned === 'timeout') return err(new ZoneError(ZoneErrorCode.JoinFailed, 'our entity was not created'));
      // 'ended' (our group ended and nothing took its place), 'lost' (removed meanwhile): again.
      this.p.count('joinRetries');
    }
  }

  /**
   * Creates our entity in our group. A split or re-root may replace the group before the spawn is
   * decided: the child's state then lacks us, so we follow `current` and spawn again there (a
   * spawn of an existing entity is ignored).
   */
  async #spawn(p: Point, deadline: number): Promise<'spawned' | 'ended' | 'lost' | 'timeout'> {
    const self = this.p.ctx.playerId;
    for (let asked: CellMember | undefined; ; ) {
      const cur = this.p.current;
      if (this.p.closed || this.p.o.signal?.aborted) return 'timeout';
      if (cur === undefined) return 'lost';
      if (cur.state.entities[self] !== undefined) return 'spawned';
      const left = deadline - this.p.ctx.clock.now();
      if (left <= 0) return 'timeout';
      const wait = Math.min(left, SPAWN_RECHECK_MS);
      if (cur.ended) {
        // An ended group answers at once: give its successor a moment to take its place.
        await sleep(this.p.ctx.clock, wait, this.p.o.signal).catch(() => undefined);
        if (this.p.current === cur) return 'ended';
        continue;
      }
      if (cur !== asked) {
        cur.submit('spawn', { x: p.x, y: p.y });
        asked = cur;
      }
      await this.p.waiters.until(cur, (st) => st.entities[self], wait);
    }
  }

  /**
   * Joins the group `record` names for `cell` through whichever member answers first, or founds
   * a group of the cell alone when there is none or nobody answers. Resolves with the membership
   * once its first round is applied, or undefined.
   */
  async enter(
    cell: string,
    record: Pick<VerifiedGroup, 'groupId' | 'members' | 'seq'> | undefined,
    signal?: AbortSignal,
  ): Promise<CellMember | undefined> {
    const ctx = this.p.ctx;
    const self = ctx.playerId;
    const ac = new AbortController();
    const onAbort = (): void => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const slot = { m: undefined as unknown as CellMember };
    try {
      if (record !== undefined) {
        const via = record.members.filter((m) => m !== self && !ctx.isBanned(m));
        const reachable = via.length === 0 ? [] : await reach(ctx, via, this.p.o.discoveryTimeoutMs, ac.signal);
        if (reachable.length > 0) {
          const order = [...reachable, ...via.filter((v) => !reachable.includes(v))];
          slot.m = this.p.newMember(cell, record.groupId, { join: { via: order } });
          this.#slots.add(slot);
          if (await this.#admitted(slot.m, cell, record.groupId, ac.signal)) {
            this.p.count('joins');
            return slot.m;
          }
          slot.m.stop();
          this.#slots.delete(slot);
          // Not let in. If the cell moved on meanwhile (split, taken by another group), founding
          // here would fight its record: the caller walks to our leaf again.
          if (await this.#movedOn(cell, record.groupId, ac.signal)) return undefined;
        }
      }
      if (ac.signal.aborted || this.p.closed) return undefined;
      const roundMs = this.p.o.roundMs;
      // On the zone's round grid (multiples of R on the synchronised clock): groups founded apart
      // with the same R start their rounds at the same moments, so a zone event plays together.
      const t0 = Math.ceil((ctx.clock.now() + Math.max(2 * roundMs, 100)) / roundMs) * roundMs;
      const epoch = { epoch: 0, firstRound: 0, t0, roundMs, k: this.p.o.k, members: [self] };
      slot.m = this.p.newMember(cell, groupIdOf(self, t0), { epoch });
      this.#slots.add(slot);
      if (record !== undefined) slot.m.submit('bump', { cell, seq: record.seq });
      if (await slot.m.group.waitFirst(JOIN_TIMEOUT_MS, ac.signal)) {
        this.p.count('founded');
        return slot.m;
      }
      slot.m.stop();
      return undefined;
    } finally {
      this.#slots.delete(slot);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Waits for our first round in a group we asked to join. One that has not admitted us within
   * `ADMIT_TIMEOUT_MS` has moved on or refuses us; one that admitted us may have ended at a split
   * that did not carry us (we were admitted to an epoch after it): give up then too, not after
   * the whole join timeout. Otherwise a busy page may take long to get its state: wait on.
   */
  async #admitted(m: CellMember, cell: string, groupId: string, signal: AbortSignal): Promise<boolean> {
    if (await m.group.waitFirst(ADMIT_TIMEOUT_MS, signal)) return true;
    if (m.group.neo.epoch === undefined || signal.aborted) return false;
    if (await this.#movedOn(cell, groupId, signal)) return false;
    return m.group.waitFirst(JOIN_TIMEOUT_MS - ADMIT_TIMEOUT_MS, signal);
  }

  /** Whether `cell`'s record (read afresh) no longer names `groupId` as its leaf group. */
  async #movedOn(cell: string, groupId: string, signal: AbortSignal): Promise<boolean> {
    this.p.finder.invalidate(cell);
    const now = await this.p.finder.cachedOrRead(cell, signal);
    return now !== undefined && (now.groupId !== groupId || now.children !== undefined);
  }
}
