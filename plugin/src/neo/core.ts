import { randomBytes } from '../crypto/random';
import type { PeerId } from '../transport/transport';
import { encodeMessage } from '../wire/envelope';
import type { NeoOp, NeoPlaintext } from '../wire/messages/neo-common';
import type { BodyOf, MessageType } from '../wire/types';
import { SecretChain } from './chain';
import type { NeoConfig } from './config';
import { commitPrefix, groupTag } from './context';
import type { ControlState } from './control';
import { type NeoCounters, type NeoDrop, newCounters } from './counters';
import { Emitter } from './emitter';
import type { DecisionRecord, NeoEvents } from './events';
import type { NeoGroupOptions } from './options';
import type { ActiveRepair } from './repair';
import { RoundTable } from './round-table';
import type { Schedule } from './schedule';
import type { RoundTally } from './tally';

/** Our own commitment for a round, kept until it is revealed. */
export interface OwnRound {
  readonly secret: Uint8Array;
  readonly plaintext: NeoPlaintext;
  readonly commit: Uint8Array;
}

/** The state after an applied round: combined hash and control state. */
export interface AppliedRound {
  /** hash32(room hash || control hash): what members report and compare. */
  readonly hash: Uint8Array;
  readonly control: ControlState;
}

/** State-hash reports for one round: reporter id -> first 8 bytes, and the reporters' epoch size. */
export interface RoundReports {
  readonly n: number;
  readonly byMember: Map<PeerId, Uint8Array>;
}

/**
 * The shared state of one group member, used by the engine's parts (inbox, outbox, decider,
 * confirmer, repair, join). Not exported from the package.
 */
export class Core {
  readonly opts: NeoGroupOptions;
  readonly config: NeoConfig;
  readonly self: PeerId;
  readonly tag: number;
  readonly counters: NeoCounters = newCounters();
  readonly events = new Emitter<NeoEvents>();
  readonly table = new RoundTable();
  readonly chain: SecretChain;
  /** Control state after the last applied round (or the welcome's, before a joiner has state). */
  control: ControlState;
  readonly own = new Map<number, OwnRound>();
  /** Vote tallies by round. */
  readonly tallies = new Map<number, RoundTally>();
  readonly myVotes = new Map<number, Uint8Array>();
  readonly decisions = new Map<number, DecisionRecord>();
  /** Per round not yet applied, one byte per member: its input was already emitted as `revealed`. */
  readonly shown = new Map<number, Uint8Array>();
  /** Next round to apply; undefined while a joiner waits for its snapshot. */
  nextApply: number | undefined;
  readonly history = new Map<number, AppliedRound>();
  readonly reports = new Map<number, RoundReports>();
  lastConfirmed: number;
  readonly pendingOps: NeoOp[] = [];
  /** Members caught signing garbage by an audit (their messages still count: the link vouches for them). */
  readonly suspects = new Set<PeerId>();
  /** Ids this member was told are banned: not relayed, forwarded or answered. */
  readonly localBans = new Set<PeerId>();
  /** The newest round we hold a message of, per sender (progress, for giving up). */
  readonly latestFrom = new Map<PeerId, number>();
  /** Recent arrival delays (ms after round start) of direct messages, per sender. */
  readonly delays = new Map<PeerId, number[]>();
  /** Our typical link: the median over senders of their 95th-percentile delay, refreshed every 8 rounds (0 until known). */
  delayP95 = 0;
  /** Per sender, the 95th percentile of its messages' arrival delay (ms after round start), refreshed with `delayP95`. */
  readonly linkP95 = new Map<PeerId, number>();
  /** Proofs already emitted, by "kind sender round". */
  readonly proofsSent = new Set<string>();
  /** Fetches already sent this round, by "round sender". */
  readonly fetched = new Map<string, number>();
  /** Forwards sent per requester in the current round. */
  readonly forwardBudget = new Map<PeerId, { round: number; count: number }>();
  /** The repair in progress, if any. */
  repair: ActiveRepair | undefined;
  /** The member a joiner (or a member without state) asked for a snapshot. */
  snapshotAsked: PeerId | undefined;
  /** Members whose messages carry another epoch than our schedule gives their round, and when we last asked to catch up. */
  readonly offEpoch = new Set<PeerId>();
  catchUpAt = Number.NEGATIVE_INFINITY;
  /** The member our last catch-up asked for a snapshot, until one is restored. */
  catchUpAsked: PeerId | undefined;
  /** A joiner: the member that welcomed us, and whether a welcome came. */
  joinRelay: PeerId | undefined;
  welcomed = false;
  /** The current round of the tick loop. */
  round = 0;
  /** The round from which we are no longer a member (we drain, then stop). */
  leftAt: number | undefined;
  /** We asked to leave (rather than being removed). */
  leaving = false;
  /** Left and retired: only fetches are answered (see `NeoGroup.retire`). */
  retired = false;
  stopped = false;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #prefixes = new Map<number, Uint8Array>();

  constructor(opts: NeoGroupOptions, config: NeoConfig, control: ControlState, firstRound: number | undefined) {
    this.opts = opts;
    this.config = config;
    this.self = opts.transport.id;
    this.tag = groupTag(opts.context);
    this.chain = new SecretChain(opts.randomBytes ?? randomBytes);
    this.control = control;
    this.nextApply = firstRound;
    this.lastConfirmed = (firstRound ?? 0) - 1;
  }

  get schedule(): Schedule {
    return this.control.schedule;
  }

  now(): number {
    return this.opts.clock.now();
  }

  /** The commitment prefix of `epoch` (cached). */
  prefix(epoch: number): Uint8Array {
    let p = this.#prefixes.get(epoch);
    if (p === undefined) {
      p = commitPrefix(this.opts.context, epoch);
      this.#prefixes.set(epoch, p);
      if (this.#prefixes.size > 8) this.#prefixes.delete(this.#prefixes.keys().next().value!);
    }
    return p;
  }

  /** Encodes and sends one message to `to`; opens the link first when needed. */
  send<T extends MessageType>(to: PeerId, type: T, body: BodyOf<T>): void {
    this.sendBytes(to, encodeMessage(type, body));
  }

  sendBytes(to: PeerId, bytes: Uint8Array): void {
    if (this.stopped || to === this.self) return;
    const t = this.opts.transport;
    if (t.isConnected(to)) {
      t.send(to, bytes);
      return;
    }
    // Links open on demand (a joiner, a new member); the message goes once the link is up. Not
    // tracked by idle(): opening a link takes network time, which a simulation advances itself.
    void t.connect(to, { signal: this.opts.signal }).then((r) => {
      if (r.ok && !this.stopped) t.send(to, bytes);
    });
  }

  drop(reason: NeoDrop, from: PeerId): void {
    this.counters.dropped[reason]++;
    this.events.emit('dropped', reason, from);
  }

  /** Registers async work so `idle()` can wait for it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.#pending.add(p);
    const done = (): void => {
      this.#pending.delete(p);
    };
    p.then(done, done);
    return p;
  }

  /** Whether tracked work is pending. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  /** Resolves once no tracked work is pending. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
