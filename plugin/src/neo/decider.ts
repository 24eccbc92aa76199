import { hash32 } from '../crypto/hash';
import { bytesEqual } from '../util/bytes';
import type { NeoPlaintext } from '../wire/messages/neo-common';
import { applyReady, rewindTo } from './applier';
import { scratch } from './commit';
import type { Core } from './core';
import { decideMember, type MemberDecision } from './decide';
import type { DecisionRecord } from './events';
import { memberEvidence, tallyOf } from './evidence';
import { huntEquivocation } from './proof-finder';
import { commitsIn, type Epoch, epochOf, majority, roundStart } from './schedule';
import { RoundTally } from './tally';

const SEED_DOMAIN = new TextEncoder().encode('neo-seed-v1');

/** The round's randomness: hash32 over the epoch prefix, the round and the accepted secrets in member order. */
export function roundSeed(prefix: Uint8Array, round: number, secrets: readonly Uint8Array[]): Uint8Array {
  let length = SEED_DOMAIN.length + prefix.length + 8;
  for (const s of secrets) length += s.length;
  const buf = scratch(length);
  buf.set(SEED_DOMAIN, 0);
  let o = SEED_DOMAIN.length;
  buf.set(prefix, o);
  o += prefix.length;
  const view = new DataView(buf.buffer, buf.byteOffset + o, 8);
  view.setUint32(0, Math.floor(round / 0x1_0000_0000));
  view.setUint32(4, round >>> 0);
  o += 8;
  for (const s of secrets) {
    buf.set(s, o);
    o += s.length;
  }
  return hash32(buf);
}

/**
 * Whether round `q`'s deadline (start of q + 2k) has passed, and whether we give up on what is
 * still missing: the give-up time has passed, a strict majority of members has sent us messages
 * of rounds after it, and we have been asking for the missing messages for `giveUpRounds / 2`
 * rounds. The second condition makes a member on a slow link wait for evidence that is merely
 * late; the third makes a member back from a partition fetch before it decides. A crashed
 * member's messages are missing for good, and the others' keep coming.
 */
/** Whether every member whose round q+k message is missing has no open link to us. */
function missingAreGone(core: Core, e: Epoch, q: number): boolean {
  let missing = 0;
  for (let j = 0; j < e.members.length; j++) {
    const id = e.members[j]!;
    if (id === core.self || core.table.get(q + e.k, j) !== undefined) continue;
    if (core.opts.transport.isConnected(id)) return false;
    missing++;
  }
  return missing > 0;
}

function deadlines(core: Core, e: Epoch, q: number): { pastDeadline: boolean; givenUp: boolean } {
  const now = core.now();
  const giveUpRound = q + 2 * e.k + core.config.giveUpRounds;
  // Members whose messages are missing only because their link closed (a tab closed) will not
  // send them: no slack for fetches that would be answered by nobody else sooner than the repair.
  const gone = missingAreGone(core, e, q);
  // A member on a slow link also waits two of its own delays, so its fetches can come back.
  const slack = gone ? 0 : 2 * core.delayP95;
  let givenUp = now >= roundStart(core.schedule, giveUpRound) + slack;
  if (givenUp) {
    let progressed = 0;
    for (const m of e.members) {
      if (m === core.self ? core.round >= giveUpRound : (core.latestFrom.get(m) ?? -1) >= giveUpRound) progressed++;
    }
    if (progressed < majority(e.members.length)) givenUp = false;
    else {
      // Count from when the others' progress became visible (a member back from a partition
      // sees it only then), so our fetches have time to come back.
      const tally = tallyOf(core, e, q);
      tally.progressSince ??= core.round;
      // ...and at least a round trip, so the answers to our fetches can still arrive.
      const rtt = gone ? 0 : Math.ceil((2 * core.delayP95 + 20) / e.roundMs) + 1;
      givenUp = core.round - tally.progressSince >= Math.max(Math.floor(core.config.giveUpRounds / 2), rtt);
    }
  }
  return { pastDeadline: now >= roundStart(core.schedule, q + 2 * e.k), givenUp };
}

/**
 * Decides round `q` if its outcome is certain (or its give-up time has passed), records the
 * decision and applies every decided round in order. With `needs`, returns what the undecided
 * members lack once the deadline has passed (for fetching); without, it stops at the first
 * undecided member (every message arrival calls this, and only the timer fetches).
 */
export function tryDecide(
  core: Core,
  q: number | null | undefined,
  needs = false,
): readonly MemberDecision[] | undefined {
  if (q === null || q === undefined || core.stopped || core.retired) return undefined;
  const old = core.decisions.get(q);
  if (old !== undefined) {
    // A round decided by giving up is decided again when the missing evidence turns up, as long
    // as it is not confirmed: members that gave up at different moments then converge on the
    // decision the full evidence gives, instead of splitting with no majority.
    if (old.givenUp && !old.repaired && q > core.lastConfirmed) redecide(core, q);
    return undefined;
  }
  if (core.nextApply !== undefined && q < core.nextApply) return undefined;
  const e = epochOf(core.schedule, q);
  if (e === undefined || !e.members.includes(core.self)) return undefined;
  const n = e.members.length;
  if (!commitsIn(core.schedule, q)) {
    record(
      core,
      e,
      q,
      new Array<boolean>(n).fill(false),
      new Array<NeoPlaintext>(n).fill(null),
      [],
      false,
      false,
      true,
    );
    return undefined;
  }
  if (core.round < q + e.k) return undefined;
  const { pastDeadline, givenUp } = deadlines(core, e, q);
  const held = core.tallies.get(q);
  // A tally of another view of q's epoch counts other members (see tallyOf): as if none.
  const tally = held?.voters === n ? held : undefined;
  // Nothing to decide before a strict majority of voters (or the give-up time) is in.
  if (tally === undefined || (tally.voters - tally.unknown < majority(n) && !givenUp)) {
    if (givenUp) return decideWith(core, e, q, n, tally, pastDeadline && needs, true, pastDeadline);
    return pastDeadline && needs ? e.members.map(() => ({ kind: 'uncertain', need: 'votes' }) as const) : undefined;
  }
  return decideWith(core, e, q, n, tally, pastDeadline && needs, givenUp, pastDeadline);
}

function redecide(core: Core, q: number): void {
  const e = epochOf(core.schedule, q);
  const tally = core.tallies.get(q);
  if (e === undefined || tally === undefined || tally.unknown === tally.voters) return;
  if (tally.voters !== e.members.length) return;
  decideWith(core, e, q, e.members.length, tally, false, false, true);
}

function decideWith(
  core: Core,
  e: Epoch,
  q: number,
  n: number,
  known: RoundTally | undefined,
  needs: boolean,
  givenUp: boolean,
  pastDeadline: boolean,
): readonly MemberDecision[] | undefined {
  const tally = known ?? new RoundTally(n);
  // Decisions not cached in the tally (uncertain ones, and any made by giving up).
  let open: MemberDecision[] | undefined;
  let certain = true;
  for (let j = 0; j < n; j++) {
    // Certain decisions are cached: only members still open are looked at again.
    if (tally.settled[j] !== undefined) continue;
    const m = decideMember(memberEvidence(core, e, q, j, tally), givenUp);
    if (m.kind === 'uncertain') {
      certain = false;
      // Unless the caller fetches what is missing, one open member is enough to stop.
      if (!needs) return undefined;
    }
    if (m.kind !== 'uncertain' && !givenUp) tally.settled[j] = m;
    else {
      open ??= new Array<MemberDecision>(n);
      open[j] = m;
    }
  }
  const members = Array.from({ length: n }, (_, j) => tally.settled[j] ?? open![j]!);
  if (!certain) return members;
  const accepted: boolean[] = [];
  const plaintexts: NeoPlaintext[] = [];
  const secrets: Uint8Array[] = [];
  members.forEach((m, j) => {
    huntEquivocation(core, e, q, j, tally.counts[j]!);
    if (m.kind === 'accepted') {
      accepted.push(true);
      plaintexts.push(m.reveal.plaintext);
      secrets.push(m.reveal.secret);
    } else {
      accepted.push(false);
      plaintexts.push(null);
    }
  });
  const quorate = tally.voters - tally.unknown >= majority(n);
  record(core, e, q, accepted, plaintexts, secrets, !pastDeadline, givenUp, quorate);
  return undefined;
}

function record(
  core: Core,
  e: Epoch,
  q: number,
  accepted: boolean[],
  plaintexts: NeoPlaintext[],
  secrets: Uint8Array[],
  early: boolean,
  givenUp: boolean,
  quorate: boolean,
): void {
  const rec: DecisionRecord = {
    round: q,
    epoch: e.epoch,
    accepted,
    plaintexts,
    seed: roundSeed(core.prefix(e.epoch), q, secrets),
    early,
    givenUp,
    quorate,
    repaired: false,
  };
  const old = core.decisions.get(q);
  if (old !== undefined) {
    core.decisions.set(q, rec);
    // Same outcome: nothing to undo. Otherwise undo the rounds applied since and apply again.
    const same = old.quorate === rec.quorate && old.accepted.every((a, i) => a === rec.accepted[i]);
    if (same && bytesEqual(old.seed, rec.seed)) return;
    if (core.nextApply !== undefined && q < core.nextApply && !rewindTo(core, q - 1)) return;
    core.events.emit('decided', rec);
    applyReady(core);
    return;
  }
  core.decisions.set(q, rec);
  core.counters.decided++;
  if (early) core.counters.decidedEarly++;
  if (givenUp) core.counters.givenUp++;
  core.events.emit('decided', rec);
  applyReady(core);
}
