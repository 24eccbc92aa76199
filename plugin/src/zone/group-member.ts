import type { TimerHandle } from '../clock/clock';
import type { NeoConfig } from '../neo/config';
import type { GroupContext } from '../neo/context';
import { createNeoGroup, type NeoGroup } from '../neo/group';
import type { Membership, NeoHooks, NeoStart } from '../neo/options';
import type { DecidedRound, ReplicatedState } from '../neo/replicated-state';
import type { Epoch } from '../neo/schedule';
import type { PeerId } from '../transport/transport';
import type { ZonePeerContext } from './context';
import { ZoneError, ZoneErrorCode } from './errors';
import type { ZoneWork } from './work';

/** What a {@link GroupMember} tells its zone room. */
export interface MemberHooks {
  applied(round: DecidedRound): void;
  epoch(e: Epoch): void;
  left(reason: 'left' | 'removed'): void;
}

/**
 * How long a member that left keeps answering fetches for its old group's messages, ms. The one
 * left behind in a pair may still be settling the rounds before the leave, and only the leaver
 * holds the leaver's messages; a busy page takes seconds to get there.
 */
const RETIRE_MS = 5000;

/** What a {@link GroupMember} is built from. */
export interface MemberOptions {
  readonly ctx: ZonePeerContext;
  readonly zone: string;
  readonly cell: string;
  readonly groupId: string;
  readonly state: ReplicatedState;
  readonly start: NeoStart;
  readonly config: NeoConfig;
  readonly hooks?: NeoHooks | undefined;
  readonly work: ZoneWork;
  readonly on: MemberHooks;
}

/**
 * The NEO context of a zone group. The cell field carries the group id too, so two groups
 * founded at once for the same cell never share a message tag or a signing context: a player
 * that moves from one to the other can never be made to look like an equivocator.
 */
export function neoContext(gameId: string, zone: string, cell: string, groupId: string): GroupContext {
  return { gameId, zone, cell: `${cell}~${groupId}` };
}

/**
 * The local player's membership in one NEO group of a zone: the group itself (with bans and
 * proofs wired to the session), DHT links of its members pinned open, and promises for its
 * first applied round and its end.
 */
export class GroupMember {
  readonly neo: NeoGroup;
  readonly groupId: string;
  /** Resolves once the first round is applied here (founded, or joined and restored). */
  readonly first: Promise<void>;
  /** Resolves when NEO says we are out of the group. */
  readonly left: Promise<'left' | 'removed'>;
  #joined = false;
  #ended = false;
  readonly #ctx: ZonePeerContext;
  readonly #work: ZoneWork;
  readonly #offs: (() => void)[] = [];
  readonly #pins = new Set<PeerId>();
  #resolveFirst!: () => void;
  #resolveLeft!: (reason: 'left' | 'removed') => void;

  constructor(o: MemberOptions) {
    const ctx = o.ctx;
    this.#ctx = ctx;
    this.#work = o.work;
    this.groupId = o.groupId;
    this.first = new Promise((resolve) => {
      this.#resolveFirst = resolve;
    });
    this.left = new Promise((resolve) => {
      this.#resolveLeft = resolve;
    });
    // Never admit, relay for or trust a banned player (NEO refuses joiners without a key).
    const inner = ctx.membership;
    const membership: Membership = {
      publicKeyOf: (id) => (ctx.isBanned(id) ? undefined : inner.publicKeyOf(id)),
      ...(inner.isAuthenticated ? { isAuthenticated: (id: PeerId) => inner.isAuthenticated!(id) } : {}),
    };
    const created = createNeoGroup({
      transport: ctx.transport,
      clock: ctx.clock,
      rng: ctx.rng,
      ed: ctx.ed,
      signer: ctx.signer,
      context: neoContext(ctx.gameId, o.zone, o.cell, o.groupId),
      membership,
      state: o.state,
      start: o.start,
      config: o.config,
      hooks: o.hooks,
    });
    if (!created.ok) throw new ZoneError(ZoneErrorCode.JoinFailed, created.error.message, { cause: created.error });
    const neo = created.value;
    this.neo = neo;
    this.#offs.push(
      neo.on('applied', (round) => {
        if (this.#ended) return;
        if (!this.#joined) {
          this.#joined = true;
          this.#resolveFirst();
        }
        o.on.applied(round);
      }),
      neo.on('epoch', (e) => {
        if (this.#ended) return;
        this.#pinMembers(e.members);
        for (const id of e.members) if (id !== ctx.playerId && ctx.isBanned(id)) neo.ban(id);
        o.on.epoch(e);
      }),
      neo.on('proof', (proof) => ctx.reportProof(proof)),
      neo.on('left', (reason) => {
        this.#resolveLeft(reason);
        if (!this.#ended) o.on.left(reason);
      }),
    );
    if ('epoch' in o.start) this.#pinMembers(o.start.epoch.members);
    o.work.addGroup(neo);
    neo.start();
  }

  /** Whether the first round has been applied here. */
  get joined(): boolean {
    return this.#joined;
  }

  /** Whether {@link stop} was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Resolves true once the first round is applied, false after `ms`, on abort, or when out first. */
  waitFirst(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const clock = this.#ctx.clock;
      const done = (v: boolean): void => {
        clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const onAbort = (): void => done(false);
      const timer = clock.setTimeout(() => done(false), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) done(false);
      void this.first.then(() => done(true));
      void this.left.then(() => done(this.#joined));
    });
  }

  /**
   * Leaves the group: with other members, asks NEO to let us go at the next epoch and waits for
   * it (bounded: a group without a majority cannot decide it); alone, or not yet in, stops at once.
   */
  async exit(): Promise<void> {
    const e = this.neo.epoch;
    if (
      !this.#ended &&
      this.#joined &&
      e !== undefined &&
      e.members.length > 1 &&
      e.members.includes(this.#ctx.playerId)
    ) {
      this.neo.leave();
      const clock = this.#ctx.clock;
      let timer: TimerHandle | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = clock.setTimeout(resolve, Math.max(10_000, 200 * e.roundMs));
      });
      const out = await Promise.race([this.left.then(() => true), timeout.then(() => false)]);
      if (timer !== undefined) clock.clearTimeout(timer);
      if (out) {
        this.#end(RETIRE_MS);
        return;
      }
    }
    this.stop();
  }

  /** Stops the group at once (no more rounds applied), unpins its links. Idempotent. */
  stop(): void {
    this.#end(0);
  }

  /**
   * Ends our part: no more rounds applied or events passed on. With `retireMs`, NEO keeps
   * answering fetches (and its links stay pinned) that long, for the members settling the rounds
   * before our leave.
   */
  #end(retireMs: number): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const off of this.#offs.splice(0)) off();
    this.#work.removeGroup(this.neo);
    this.#resolveLeft('left');
    const neo = this.neo;
    const close = (): void => {
      neo.stop();
      this.#pinMembers([]);
    };
    if (retireMs <= 0) {
      close();
      return;
    }
    neo.retire();
    this.#ctx.clock.setTimeout(close, retireMs);
  }

  #pinMembers(members: readonly PeerId[]): void {
    const conns = this.#ctx.dht.connections;
    const next = new Set(members.filter((m) => m !== this.#ctx.playerId));
    for (const p of this.#pins) if (!next.has(p)) conns.unpin(p);
    for (const p of next) if (!this.#pins.has(p)) conns.pin(p);
    this.#pins.clear();
    for (const p of next) this.#pins.add(p);
  }
}
