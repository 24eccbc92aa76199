import type { TimerHandle } from '../clock/clock';
import type { PeerId } from '../transport/transport';
import { err, ok, type Result } from '../util/result';
import { decodeMessage } from '../wire/envelope';
import type { NeoRoundBody } from '../wire/messages/neo-round';
import { decodeRoundBody } from '../wire/messages/neo-round-layout';
import { MessageType } from '../wire/types';
import { combinedHash } from './applier';
import { B, roundBodyOf, toBody } from './codec';
import { resolveConfig, retainWindow } from './config';
import { type ControlState, initialControl } from './control';
import { Core } from './core';
import { type NeoCounters, NeoDrop } from './counters';
import type { NeoConfigError } from './errors';
import type { DecisionRecord, NeoEvents } from './events';
import { onFetch } from './fetch';
import { Inbox } from './inbox';
import { onJoin, onWelcome } from './join';
import { maintain } from './maintenance';
import type { NeoGroupOptions } from './options';
import { sendRound } from './outbox';
import { onSync, onSyncRequest } from './repair';
import { type Epoch, epochOf, roundAt, roundStart } from './schedule';
import { validateStart } from './validate';

/**
 * One member of one NEO group: the round clock, sending, receiving, deciding, applying,
 * confirming and repairing. Create it with {@link createNeoGroup}, then `start()`.
 */
export class NeoGroup {
  readonly #core: Core;
  readonly #inbox: Inbox;
  #timer: TimerHandle | undefined;
  #joinTimer: TimerHandle | undefined;
  #unsubscribe: (() => void) | undefined;
  #started = false;

  /** @internal Use {@link createNeoGroup}. */
  constructor(core: Core) {
    this.#core = core;
    this.#inbox = new Inbox(core);
  }

  /** This member's id. */
  get id(): PeerId {
    return this.#core.self;
  }

  /** The round in progress on the group's clock (the last one started). */
  get round(): number {
    return this.#core.round;
  }

  /** The epoch of the current round, once known. */
  get epoch(): Epoch | undefined {
    return epochOf(this.#core.schedule, this.#core.round);
  }

  /** The last round applied to the state (undefined while a joiner waits for its snapshot). */
  get appliedRound(): number | undefined {
    const n = this.#core.nextApply;
    return n === undefined ? undefined : n - 1;
  }

  /** The last round whose state hash a strict majority confirmed. */
  get confirmedRound(): number {
    return this.#core.lastConfirmed;
  }

  /** Live counters (read-only view). */
  get counters(): Readonly<NeoCounters> {
    return this.#core.counters;
  }

  /** The control state after the last applied round (schedule, streaks, bans). */
  get control(): ControlState {
    return this.#core.control;
  }

  /** Our decision for `round`, while it is retained. */
  decision(round: number): DecisionRecord | undefined {
    return this.#core.decisions.get(round);
  }

  /**
   * The signed round messages held for `round`, by sender index (our own included): what an
   * observer of the group is sent to check the state hashes they report.
   */
  signedMessages(round: number): readonly (NeoRoundBody | undefined)[] {
    const core = this.#core;
    return core.table.round(round).map((m) => (m === undefined ? undefined : toBody(core.tag, m.fields, m.sig)));
  }

  /** The combined state hash after `round`, while it is retained. */
  hashAfter(round: number): Uint8Array | undefined {
    return this.#core.history.get(round)?.hash;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof NeoEvents>(event: K, handler: NeoEvents[K]): () => void {
    return this.#core.events.on(event, handler);
  }

  /** Starts the round clock (or the join). Calling it again does nothing. */
  start(): void {
    const core = this.#core;
    if (this.#started || core.stopped) return;
    this.#started = true;
    const t = core.opts.transport;
    this.#unsubscribe = t.on('message', (from, data) => this.#onMessage(from, data));
    core.opts.signal?.addEventListener('abort', () => this.stop(), { once: true });
    if (core.opts.signal?.aborted) {
      this.stop();
      return;
    }
    const start = core.opts.start;
    if ('epoch' in start) {
      for (const m of start.epoch.members)
        if (m !== core.self && !t.isConnected(m)) void t.connect(m, { signal: core.opts.signal });
      this.#beginRounds();
    } else this.#askToJoin(0);
  }

  /** Stops timers and leaves the transport alone. Safe to call more than once. */
  stop(): void {
    const core = this.#core;
    if (core.stopped) return;
    core.stopped = true;
    const clock = core.opts.clock;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    if (this.#joinTimer !== undefined) clock.clearTimeout(this.#joinTimer);
    this.#unsubscribe?.();
  }

  /**
   * After we left: stops our rounds and decisions, but keeps answering fetches from the messages
   * we hold until {@link stop}. A member still settling the rounds before our leave may lack one
   * of our messages, and we may be the only one holding it (a group of two).
   */
  retire(): void {
    const core = this.#core;
    if (core.stopped || core.retired) return;
    core.retired = true;
    const clock = core.opts.clock;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    if (this.#joinTimer !== undefined) clock.clearTimeout(this.#joinTimer);
  }

  /** Whether signature work is pending (see {@link idle}). */
  get busy(): boolean {
    return this.#core.busy;
  }

  /** Resolves when no signature work is pending (simulations step virtual time between these). */
  idle(): Promise<void> {
    return this.#core.idle();
  }

  /** Asks the group to let us go: decided through the rounds, effective at the next epoch. */
  leave(): void {
    const core = this.#core;
    if (core.leaving) return;
    core.leaving = true;
    core.pendingOps.push(['l']);
  }

  /**
   * Records that `id` is banned (its ban certificate checked by the caller): we stop relaying,
   * forwarding and answering for it, and vote in the rounds to remove it. It is removed, and
   * ignored by every member, once a majority voted.
   */
  ban(id: PeerId): void {
    const core = this.#core;
    if (core.localBans.has(id)) return;
    core.localBans.add(id);
    if (!core.control.banned.includes(id)) core.pendingOps.push(['b', id]);
  }

  #beginRounds(): void {
    const core = this.#core;
    const schedule = core.schedule;
    const now = core.now();
    const first = schedule[0]!.firstRound;
    let r = Math.max(first, roundAt(schedule, now));
    if (roundStart(schedule, r) < now) r++;
    core.round = r - 1;
    core.opts.state.retainRounds(retainWindow(core.config, core.config.maxK));
    this.#arm(r);
  }

  #arm(r: number): void {
    const core = this.#core;
    const delay = Math.max(0, roundStart(core.schedule, r) - core.now());
    this.#timer = core.opts.clock.setTimeout(() => this.#tick(r), delay);
  }

  #tick(r: number): void {
    const core = this.#core;
    if (core.stopped) return;
    // A synchronised clock may slew: never start a round before its time.
    if (core.now() < roundStart(core.schedule, r)) {
      this.#arm(r);
      return;
    }
    core.round = r;
    const e = epochOf(core.schedule, r);
    if (e !== undefined && e.firstRound === r) core.events.emit('epoch', e);
    if (e?.members.includes(core.self) && core.leftAt === undefined) sendRound(core, e, r);
    else if (core.leftAt === undefined && core.nextApply !== undefined) {
      core.leftAt = r;
      core.events.emit('left', core.leaving ? 'left' : 'removed');
    }
    maintain(core, r);
    // After leaving, keep settling our last rounds for a while, then stop.
    const k = e?.k ?? core.config.minK;
    if (core.leftAt !== undefined && r >= core.leftAt + 2 * k + core.config.giveUpRounds + 2) {
      this.stop();
      return;
    }
    this.#arm(r + 1);
  }

  #askToJoin(attempt: number): void {
    const core = this.#core;
    if (core.stopped || core.welcomed) return;
    const start = core.opts.start;
    if (!('join' in start) || start.join.via.length === 0) return;
    const via = start.join.via[attempt % start.join.via.length]!;
    core.send(via, MessageType.neoJoin, [core.tag]);
    this.#joinTimer = core.opts.clock.setTimeout(() => this.#askToJoin(attempt + 1), core.config.joinTimeoutMs);
  }

  #onMessage(from: PeerId, data: Uint8Array): void {
    const core = this.#core;
    if (core.stopped) return;
    const packed = roundBodyOf(data);
    if (packed !== undefined) {
      this.#onRound(from, packed);
      return;
    }
    const decoded = decodeMessage(data);
    // Not ours to count: the wire layer's own counters see malformed payloads.
    if (!decoded.ok) return;
    const m = decoded.value;
    if (m.name === 'neoRound') {
      this.#onRound(from, m.body);
      return;
    }
    if (!m.name.startsWith('neo')) return;
    if ((m.body as readonly unknown[])[0] !== core.tag) {
      core.drop(NeoDrop.WrongGroup, from);
      return;
    }
    if (core.retired) {
      if (m.name !== 'neoFetch') return;
      // No ticks any more: the clock's round keeps the per-requester forward budget moving.
      core.round = Math.max(core.round, roundAt(core.schedule, core.now()));
      onFetch(core, from, m.body);
      return;
    }
    switch (m.name) {
      case 'neoFetch':
        onFetch(core, from, m.body);
        return;
      case 'neoSyncRequest':
        onSyncRequest(core, from, m.body);
        return;
      case 'neoSync':
        onSync(core, from, m.body);
        return;
      case 'neoJoin':
        onJoin(core, from);
        return;
      case 'neoWelcome':
        onWelcome(core, from, m.body, () => {
          if (this.#joinTimer !== undefined) core.opts.clock.clearTimeout(this.#joinTimer);
          this.#beginRounds();
        });
        return;
      default:
        return;
    }
  }

  #onRound(from: PeerId, packed: Uint8Array): void {
    const core = this.#core;
    if (core.retired) return;
    const body = decodeRoundBody(packed);
    // The envelope was fine but the layout is not: no member of any group sent this.
    if (!body.ok) {
      core.drop(NeoDrop.Malformed, from);
      return;
    }
    if (body.value[B.tag] !== core.tag) {
      core.drop(NeoDrop.WrongGroup, from);
      return;
    }
    if (core.schedule.length === 0) {
      core.drop(NeoDrop.WrongEpoch, from);
      return;
    }
    this.#inbox.onRound(from, body.value);
  }
}

/**
 * Creates one member of a NEO group (not started). Checks the options and returns the first
 * problem as a {@link NeoConfigError} naming the option. The factory is all a simulation needs:
 * transport, clock, crypto, membership, state and config.
 */
export function createNeoGroup(options: NeoGroupOptions): Result<NeoGroup, NeoConfigError> {
  const config = resolveConfig(options.config);
  if (!config.ok) return config;
  const start = validateStart(options, config.value);
  if (!start.ok) return err(start.error);
  let control: ControlState;
  let firstRound: number | undefined;
  if ('epoch' in options.start) {
    control = initialControl(start.value!);
    firstRound = start.value!.firstRound;
  } else {
    control = { ...initialControl({ epoch: 0, firstRound: 0, t0: 0, roundMs: 1, k: 1, members: [] }), schedule: [] };
    firstRound = undefined;
  }
  const core = new Core(options, config.value, control, firstRound);
  if (firstRound !== undefined) {
    core.history.set(firstRound - 1, { hash: combinedHash(options.state.stateHash(), control), control });
  }
  return ok(new NeoGroup(core));
}
