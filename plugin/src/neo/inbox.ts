import type { PeerId } from '../transport/transport';
import { bytesEqual } from '../util/bytes';
import type { NeoRoundBody } from '../wire/messages/neo-round';
import { B, fromBody, type RoundFields, signingPayload, verifyRound } from './codec';
import { recordReport } from './confirmer';
import type { Core } from './core';
import { NeoDrop } from './counters';
import { tryDecide } from './decider';
import { tallyOf } from './evidence';
import { checkReveals, onConflict } from './proof-finder';
import { offEpoch } from './repair';
import { noteReveals } from './reveals';
import type { StoredMessage } from './round-table';
import {
  commitsIn,
  type Epoch,
  epochOf,
  reportRoundOf,
  revealRoundOf,
  roundAt,
  roundStart,
  unwrapRound,
} from './schedule';

interface Checked {
  readonly from: PeerId;
  readonly body: NeoRoundBody;
  readonly fields: RoundFields;
  readonly epoch: Epoch;
  readonly direct: boolean;
}

/** Structural checks against our schedule (sync, before any signature work). */
function check(core: Core, from: PeerId, body: NeoRoundBody): Checked | NeoDrop {
  const schedule = core.schedule;
  const here = roundAt(schedule, core.now());
  const round = unwrapRound(body[B.round], here);
  if (round > here + core.config.maxFutureRounds) return NeoDrop.WrongRound;
  const e = epochOf(schedule, round);
  // Read a message only under the epoch its sender sent it in: members that learned of an epoch
  // change at different times drop each other's messages instead of misreading them.
  if (e === undefined || e.epoch !== body[B.epoch]) {
    // Recent messages only: an old one in another epoch is a replay, not a sign we fell behind.
    if (round >= here - 16) offEpoch(core, from);
    return NeoDrop.WrongEpoch;
  }
  const oldest = Math.min(core.nextApply ?? round, core.lastConfirmed + 1) - 2 * e.k - 2;
  if (round < oldest) return NeoDrop.Late;
  const senderId = e.members[body[B.sender]];
  if (senderId === undefined) return NeoDrop.NonMember;
  const direct = from === senderId;
  // Forwarded copies are only taken from members (of the message's epoch or of the current one).
  if (!direct && !e.members.includes(from) && !epochOf(schedule, here)?.members.includes(from))
    return NeoDrop.NonMember;
  if (core.control.banned.includes(senderId) || core.localBans.has(senderId)) return NeoDrop.Banned;
  const n = e.members.length;
  const revealRound = revealRoundOf(schedule, round) ?? null;
  const reportRound = reportRoundOf(schedule, round) ?? null;
  const commit = body[B.commit];
  const report = body[B.report];
  const votes = body[B.votes];
  const echoVotes = body[B.echoVotes];
  if (commit !== null && !commitsIn(schedule, round)) return NeoDrop.Malformed;
  if (report !== null && reportRound === null) return NeoDrop.Malformed;
  if (revealRound === null) {
    const silent = body[B.secret] === null && body[B.plaintext] === null && votes === null && body[B.echo] === null;
    if (!silent || echoVotes !== null) return NeoDrop.Malformed;
  } else {
    if (votes !== null && votes.length !== n) return NeoDrop.Malformed;
    const echoRound = revealRound - 1;
    if (echoRound < e.firstRound && (body[B.echo] !== null || echoVotes !== null)) return NeoDrop.Malformed;
    if (echoVotes !== null && (echoVotes.length !== n || n > core.config.echoVotesMaxMembers)) return NeoDrop.Malformed;
  }
  const fields = fromBody(body, { epoch: e.epoch, round, senderId, reportRound, revealRound });
  return { from, body, fields, epoch: e, direct };
}

function needsVerify(core: Core, c: Checked): boolean {
  if (!c.direct || core.config.verify === 'all') return true;
  return core.opts.membership.isAuthenticated?.(c.from) === false;
}

async function verify(core: Core, c: Checked): Promise<boolean> {
  const key = core.opts.membership.publicKeyOf(c.fields.senderId);
  if (key === undefined) return false;
  core.counters.verified++;
  return verifyRound(core.opts.ed, key, core.opts.context, c.fields, c.body[B.sig]);
}

/**
 * The inbound pipeline for round messages. Messages are processed strictly in arrival order;
 * one that needs its signature checked first holds back the ones behind it, so the outcome never
 * depends on how fast the crypto answers.
 */
export class Inbox {
  readonly #core: Core;
  readonly #queue: { c: Checked; verdict: Promise<boolean> }[] = [];
  #draining = false;

  constructor(core: Core) {
    this.#core = core;
  }

  onRound(from: PeerId, body: NeoRoundBody): void {
    const core = this.#core;
    const c = check(core, from, body);
    if (typeof c === 'string') {
      core.drop(c, from);
      return;
    }
    if (!needsVerify(core, c) && this.#queue.length === 0) {
      accept(core, c, false);
      this.#audit(c);
      return;
    }
    this.#queue.push({ c, verdict: needsVerify(core, c) ? verify(core, c) : Promise.resolve(true) });
    if (!this.#draining) core.track(this.#drain());
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    const core = this.#core;
    try {
      while (this.#queue.length > 0 && !core.stopped) {
        const head = this.#queue[0]!;
        const good = await head.verdict.catch(() => false);
        this.#queue.shift();
        if (!good) core.drop(NeoDrop.BadSignature, head.c.from);
        else accept(core, head.c, true);
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * Spot-checks a signature the link let us skip. A member caught signing garbage is reported
   * (`suspect`), but its messages keep counting: they did come from it, and every member must
   * treat them alike. Unsigned, they can never be forwarded or used as evidence, which is all
   * the garbage buys it.
   */
  #audit(c: Checked): void {
    const core = this.#core;
    if (core.config.auditRate <= 0 || core.opts.rng.next() >= core.config.auditRate) return;
    core.track(
      verify(core, c).then((good) => {
        if (good) return;
        core.counters.auditFailures++;
        if (!core.suspects.has(c.fields.senderId)) {
          core.suspects.add(c.fields.senderId);
          core.events.emit('suspect', c.fields.senderId, 'bad-signature');
        }
      }),
    );
  }
}

function sameMessage(core: Core, a: StoredMessage, b: Checked): boolean {
  if (bytesEqual(a.sig, b.body[B.sig])) return true;
  return bytesEqual(signingPayload(core.opts.context, a.fields), signingPayload(core.opts.context, b.fields));
}

/** Stores a checked message and lets everything that depends on it move on. */
export function accept(core: Core, c: Checked, verified: boolean): void {
  const f = c.fields;
  const e = c.epoch;
  const existing = core.table.get(f.round, f.sender);
  const stored = toStored(core, c, verified);
  if (existing !== undefined) {
    if (sameMessage(core, existing, c)) {
      core.drop(NeoDrop.Replay, c.from);
      return;
    }
    onConflict(core, existing, stored);
    core.drop(NeoDrop.Equivocation, c.from);
    return;
  }
  core.table.set(f.round, f.sender, stored);
  core.counters.received++;
  // Only the sender's newest message measures the link: an older one is an answer to a fetch.
  const newest = (core.latestFrom.get(f.senderId) ?? -1) < f.round;
  if (newest) core.latestFrom.set(f.senderId, f.round);
  if (!c.direct) core.counters.forwarded++;
  if (c.direct && newest && f.senderId !== core.self) {
    let samples = core.delays.get(f.senderId);
    if (samples === undefined) {
      samples = [];
      core.delays.set(f.senderId, samples);
    }
    samples.push(core.now() - roundStart(core.schedule, f.round));
    if (samples.length > Math.max(8, Math.ceil(core.config.delaySamples / e.members.length))) samples.shift();
  }
  if (f.revealRound !== null) {
    tallyOf(core, e, f.revealRound).add(f.sender, f.votes);
    if (f.echoVotes !== null && f.revealRound - 1 >= e.firstRound)
      tallyOf(core, e, f.revealRound - 1).add(f.sender, f.echoVotes);
  }
  checkReveals(core, stored);
  // Before deciding: a speculative view learns of the input before the decision applies it.
  noteReveals(core, e, stored);
  if (f.reportRound !== null && f.report !== null)
    recordReport(core, f.reportRound, f.senderId, f.report, e.members.length);
  tryDecide(core, f.revealRound);
  if (f.revealRound !== null) tryDecide(core, f.revealRound - 1);
  // A commitment can settle its own round only once that round's votes are due (a late one).
  if (f.commit !== null && core.round >= f.round + e.k) tryDecide(core, f.round);
}

function toStored(core: Core, c: Checked, verified: boolean): StoredMessage {
  const stored: StoredMessage = {
    fields: c.fields,
    sig: c.body[B.sig],
    receivedAt: core.now(),
    direct: c.direct,
    verified,
  };
  const f = c.fields;
  // Our own message reveals what we committed (the same objects): no need to hash it again.
  const own = c.from === core.self && f.revealRound !== null ? core.own.get(f.revealRound) : undefined;
  if (own !== undefined && own.secret === f.secret && own.plaintext === f.plaintext) stored.revealOpens = own.commit;
  return stored;
}
