import { groupIdOf, type VerifiedGroup } from '../dht/records/validators/group';
import type { RoomReplica } from '../room/replica';
import { err, ok, type Result } from '../util/result';
import type { CellGrid } from './cells';
import type { CompositeState } from './composite';
import type { ZonePeerContext } from './context';
import { loadAreas, reach, readGroupRecord } from './discovery';
import { ZoneError, ZoneErrorCode } from './errors';
import type { GroupMember, MemberOptions } from './group-member';
import { loadMessages } from './merge';
import type { ResolvedZoneOptions } from './options';
import { type EntryWire, LOAD_CHUNK, type SystemMessages, type SystemState } from './system-room';
import { ZoneStep } from './types';

/** A joiner gives up on a group that has not let it in within this long, ms. */
const JOIN_TIMEOUT_MS = 20_000;

/** The error of an entry (or a move between groups) cut short by the caller's signal or a leave. */
export const aborted = (): ZoneError => new ZoneError(ZoneErrorCode.Aborted, 'joining the zone was aborted');

/** What {@link GroupEntry} reads from and reports to its zone room. */
export interface GroupEntryHost {
  readonly ctx: ZonePeerContext;
  readonly zone: string;
  readonly cell: string;
  readonly grid: CellGrid;
  /** The caller's signal and progress listener, the discovery budget and a founded group's timing. */
  readonly options: Pick<
    ResolvedZoneOptions<object, unknown>,
    'signal' | 'discoveryTimeoutMs' | 'roundMs' | 'k' | 'onProgress'
  >;
  /** The replicated state a founder restarts from. */
  readonly state: Pick<CompositeState, 'round' | 'resetTo'>;
  /** The system room: `bump` and `load` messages go into our next input. */
  readonly system: Pick<RoomReplica<SystemState, SystemMessages>, 'enqueue'>;
  /** Counts `name` in the zone room's counters. */
  count(name: string): void;
  /** Starts a member of group `groupId` and makes it the zone room's current one. */
  startMember(groupId: string, start: MemberOptions['start']): GroupMember;
  /** Forgets `m` if it is still the current member. */
  forget(m: GroupMember): void;
}

/**
 * How the zone room gets into a group: discovery through the zone's group record, joining
 * through its members, or founding a group of our own (with the zone's items loaded from the
 * DHT). It holds only the entry under way (so a leave or the caller's signal can cut it short)
 * and whether it is the first join (whose progress the caller hears).
 */
export class GroupEntry {
  readonly #host: GroupEntryHost;
  #entering: AbortController | undefined;
  /** Progress is reported during the first join only (not when moving between groups later). */
  #starting = false;

  constructor(host: GroupEntryHost) {
    this.#host = host;
  }

  /** The first join: {@link enter}, reporting its progress to the caller's `onProgress`. */
  async first(): Promise<Result<void, ZoneError>> {
    this.#starting = true;
    const r = await this.enter(undefined);
    this.#starting = false;
    return r;
  }

  /** Cuts short the entry under way, if any. */
  abort(): void {
    this.#entering?.abort();
  }

  /** Discovery: join the group its record names when a member answers in time, else found one. */
  async enter(hint: VerifiedGroup | undefined, outer?: AbortSignal): Promise<Result<void, ZoneError>> {
    const h = this.#host;
    const ac = new AbortController();
    this.#entering = ac;
    const parents = [h.options.signal, outer].filter((s): s is AbortSignal => s !== undefined);
    const onAbort = (): void => ac.abort();
    for (const p of parents) {
      if (p.aborted) ac.abort();
      p.addEventListener('abort', onAbort, { once: true });
    }
    const signal = ac.signal;
    try {
      this.#progress(ZoneStep.Group);
      const self = h.ctx.playerId;
      const t0 = h.ctx.clock.now();
      const budget = h.options.discoveryTimeoutMs;
      const rec = hint ?? (await readGroupRecord(h.ctx, h.zone, h.cell, budget, signal));
      if (signal.aborted) return err(aborted());
      if (rec !== undefined) {
        const via = rec.members.filter((m) => m !== self && !h.ctx.isBanned(m));
        const left = Math.max(budget - (h.ctx.clock.now() - t0), Math.min(budget, 500));
        const reachable = via.length === 0 ? [] : await reach(h.ctx, via, left, signal);
        if (
          reachable.length > 0 &&
          (await this.#join(rec, [...reachable, ...via.filter((v) => !reachable.includes(v))], signal))
        ) {
          h.count('joins');
          return ok(undefined);
        }
      }
      if (signal.aborted) return err(aborted());
      return await this.found(rec?.seq, signal);
    } finally {
      for (const p of parents) p.removeEventListener('abort', onAbort);
      if (this.#entering === ac) this.#entering = undefined;
    }
  }

  async #join(rec: VerifiedGroup, via: string[], signal: AbortSignal): Promise<boolean> {
    const h = this.#host;
    const m = h.startMember(rec.groupId, { join: { via } });
    this.#progress(ZoneStep.FirstRound);
    if (await m.waitFirst(JOIN_TIMEOUT_MS, signal)) return true;
    m.stop();
    h.forget(m);
    return false;
  }

  /**
   * Founds a group of our own, carrying the state we hold; `prevSeq` is the seq of the group record
   * it replaces. With `load`, the zone's items are read from the DHT first (a newcomer's state has
   * none of them).
   */
  async found(prevSeq: number | undefined, signal: AbortSignal, load = true): Promise<Result<void, ZoneError>> {
    const h = this.#host;
    const ctx = h.ctx;
    const o = h.options;
    const loaded = load ? await loadAreas(ctx, h.zone, h.grid, Math.max(o.discoveryTimeoutMs, 1000), signal) : [];
    if (signal.aborted) return err(aborted());
    const firstRound = Math.max(0, h.state.round + 1);
    h.state.resetTo(firstRound - 1);
    if (prevSeq !== undefined) h.system.enqueue('bump', { seq: prevSeq });
    for (const c of loaded) this.queueLoad(c.cell, c.seq, c.entries);
    const roundMs = o.roundMs;
    const t0 = Math.ceil(ctx.clock.now() + Math.max(2 * roundMs, 100));
    const epoch = { epoch: 0, firstRound, t0, roundMs, k: o.k, members: [ctx.playerId] };
    const m = h.startMember(groupIdOf(ctx.playerId, t0), { epoch });
    this.#progress(ZoneStep.FirstRound);
    h.count('founded');
    if (await m.waitFirst(JOIN_TIMEOUT_MS, signal)) return ok(undefined);
    m.stop();
    return err(
      signal.aborted ? aborted() : new ZoneError(ZoneErrorCode.JoinFailed, 'the founded group applied no round'),
    );
  }

  #progress(step: ZoneStep): void {
    if (!this.#starting) return;
    try {
      this.#host.options.onProgress?.(step);
    } catch {
      this.#host.count('progressListenerErrors');
    }
  }

  /** Queues the `load` messages that put `entries` of `cell` into the group's system state. */
  queueLoad(cell: string, seq: number, entries: readonly EntryWire[]): void {
    for (const m of loadMessages(cell, seq, entries, LOAD_CHUNK)) this.#host.system.enqueue('load', m);
  }
}
