import type { TimerHandle } from '../clock/clock';
import { type PeerId, TransportErrorCode } from '../transport/transport';
import type { ZonePeerContext } from './context';
import type { GroupMember } from './group-member';
import { type RecordAction, recordAction } from './merge';

/** The leader re-reads its group record this often (plus up to a second of jitter), ms. */
export const RECHECK_MS = 3000;
/** A member that applied no round for this long (at least) counts itself cut off, ms. */
export const STALL_MS = 8000;
/**
 * A member whose every other member's link is closed (their tabs closed: the plugin closes the
 * links on `pagehide`), that applied no round for this long, and whose dials to them are answered
 * `peer-unavailable` (the signalling server no longer knows them), goes on alone at once instead
 * of waiting out {@link STALL_MS}: nobody is left to decide rounds with, ms.
 */
export const ALONE_MS = 500;
/** How long the check that the others are gone waits for the signalling server's answer, ms. */
const GONE_CHECK_MS = 3000;
/** How often the stall watch looks, ms. */
const WATCH_MS = 250;

/** What {@link Upkeep} reads from and reports to its zone room. */
export interface UpkeepHost {
  readonly ctx: ZonePeerContext;
  readonly zone: string;
  readonly cell: string;
  /** Timing of a founded group (before the schedule is known). */
  readonly defaults: { readonly roundMs: number; readonly k: number };
  /** The current member while joined and not moving between groups. */
  settled(): GroupMember | undefined;
  isLeader(): boolean;
  /** Clock time of the last applied round. */
  lastApplied(): number;
  /** The decided system state's group fields. */
  group(): { readonly started: boolean; readonly groupId: string };
  /** Seq of the newest group record we published. */
  newestSeq(): number;
  /** `m` applied no round for too long. */
  stalled(m: GroupMember): void;
  /** `m`'s other members' links are all closed and it applies nothing any more. */
  alone(m: GroupMember): void;
  /** The leader's decision after reading the group record. */
  act(action: RecordAction, m: GroupMember): void;
}

/**
 * The zone room's timers while it is in a group: every 250 ms, the stall watch (a member the
 * others removed is never told, and a group that lost its majority applies nothing: NEO cannot
 * notice either); every 3 to 4 s, the leader's look at the group record (see `recordAction`).
 */
export class Upkeep {
  readonly #host: UpkeepHost;
  #watch: TimerHandle | undefined;
  #recheck: TimerHandle | undefined;
  #running = false;
  #aloneSince: number | undefined;
  #checking = false;

  constructor(host: UpkeepHost) {
    this.#host = host;
  }

  /** Starts both timers (idempotent). */
  start(): void {
    this.#running = true;
    this.#armWatch();
    this.#armRecheck();
  }

  /** Stops both timers (idempotent). */
  stop(): void {
    this.#running = false;
    const clock = this.#host.ctx.clock;
    if (this.#watch !== undefined) clock.clearTimeout(this.#watch);
    if (this.#recheck !== undefined) clock.clearTimeout(this.#recheck);
    this.#watch = undefined;
    this.#recheck = undefined;
  }

  #armWatch(): void {
    if (this.#watch !== undefined || !this.#running) return;
    const h = this.#host;
    this.#watch = h.ctx.clock.setTimeout(() => {
      this.#watch = undefined;
      const m = h.settled();
      const e = m?.neo.epoch;
      const stallMs = Math.max(STALL_MS, 40 * (e?.roundMs ?? h.defaults.roundMs) * (e?.k ?? h.defaults.k));
      const now = h.ctx.clock.now();
      const self = h.ctx.playerId;
      const alone =
        e !== undefined &&
        e.members.length > 1 &&
        e.members.every((id) => id === self || !h.ctx.transport.isConnected(id));
      this.#aloneSince = alone ? (this.#aloneSince ?? now) : undefined;
      const idle = now - h.lastApplied();
      if (m !== undefined && alone && now - this.#aloneSince! >= ALONE_MS && idle >= ALONE_MS) {
        this.#aloneSince = undefined;
        void this.#checkGone(m, e.members);
      } else if (m !== undefined && idle > stallMs) h.stalled(m);
      this.#armWatch();
    }, WATCH_MS);
  }

  /**
   * Every other member's link is closed: they are gone only if the signalling server no longer
   * knows them either (`peer-unavailable`: their page closed). A link that merely dropped (a
   * network blip, a starved page) dials again and the group goes on; a member cut off but still
   * online is left to the stall watch.
   */
  async #checkGone(m: GroupMember, members: readonly PeerId[]): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    const h = this.#host;
    const others = members.filter((id) => id !== h.ctx.playerId);
    try {
      const tries = await Promise.all(others.map((id) => h.ctx.transport.connect(id, { timeoutMs: GONE_CHECK_MS })));
      const gone = tries.every((r) => !r.ok && r.error.code === TransportErrorCode.PeerUnavailable);
      if (gone && this.#running && h.settled() === m) h.alone(m);
    } finally {
      this.#checking = false;
    }
  }

  #armRecheck(): void {
    if (this.#recheck !== undefined || !this.#running) return;
    const h = this.#host;
    this.#recheck = h.ctx.clock.setTimeout(() => {
      this.#recheck = undefined;
      void this.#checkRecord().finally(() => this.#armRecheck());
    }, RECHECK_MS + h.ctx.rng.int(1000));
  }

  async #checkRecord(): Promise<void> {
    const h = this.#host;
    const m = h.settled();
    const g = h.group();
    if (m === undefined || !g.started || !h.isLeader()) return;
    const ours = { groupId: g.groupId, size: m.neo.epoch?.members.length ?? 1, newestSeq: h.newestSeq() };
    const action = await recordAction(h.ctx, h.zone, h.cell, ours);
    if (this.#running && h.settled() === m) h.act(action, m);
  }
}
