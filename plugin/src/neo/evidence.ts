import { bytesEqual } from '../util/bytes';
import { chainLinks } from './chain';
import type { Core } from './core';
import { decideMember, type MemberDecision, type MemberEvidence, type Reveal } from './decide';
import { echoOpens, revealOpens } from './opens';
import { emitBadReveal } from './proof-finder';
import { type Epoch, epochOf } from './schedule';
import { RoundTally } from './tally';

/** The vote tally of round `q` (created on first use). */
export function tallyOf(core: Core, e: Epoch, q: number): RoundTally {
  let t = core.tallies.get(q);
  // A tally counted under another view of round q's epoch (a member that applied the round
  // scheduling an epoch late, after messages of that epoch had arrived) indexes other members:
  // count afresh under the epoch known now.
  if (t === undefined || t.voters !== e.members.length) {
    t = new RoundTally(e.members.length);
    core.tallies.set(q, t);
  }
  return t;
}

/** Voter `v`'s vote on member `j`'s commitment of round `q` (undefined: its message is missing). */
export function voteOf(core: Core, e: Epoch, q: number, v: number, j: number): number | undefined {
  const m = core.table.get(q + e.k, v);
  if (m !== undefined) return m.fields.votes?.[j] ?? 0;
  const next = core.table.get(q + e.k + 1, v);
  if (next?.fields.echoVotes != null && next.fields.revealRound === q + 1) return next.fields.echoVotes[j] ?? 0;
  return undefined;
}

/** Whether the echo for round `q` can exist: same epoch, same key-chain segment. */
export function echoPossible(core: Core, e: Epoch, q: number): boolean {
  return chainLinks(q) && epochOf(core.schedule, q + e.k + 1) === e;
}

/** Everything known about member `j`'s input of round `q`. */
export function memberEvidence(core: Core, e: Epoch, q: number, j: number, tally: RoundTally): MemberEvidence {
  const reveals: Reveal[] = [];
  const heldMsg = core.table.get(q, j);
  const held = heldMsg?.fields.commit ?? undefined;
  const direct = core.table.get(q + e.k, j);
  const directOpens = direct === undefined ? null : revealOpens(core, direct);
  if (direct !== undefined && directOpens !== null && direct.fields.secret !== null) {
    reveals.push({ opens: directOpens, secret: direct.fields.secret, plaintext: direct.fields.plaintext });
  }
  const echoOk = echoPossible(core, e, q);
  const next = echoOk ? core.table.get(q + e.k + 1, j) : undefined;
  // The echo is only needed (and only hashed) when the direct reveal is missing or does not open.
  if (
    next !== undefined &&
    next.fields.secret !== null &&
    (directOpens === null || (held && !bytesEqual(held, directOpens)))
  ) {
    const opens = echoOpens(core, next);
    if (opens !== null && next.echoSecret !== undefined) {
      reveals.push({ opens, secret: next.echoSecret, plaintext: next.fields.echo });
      if (heldMsg !== undefined && held && !bytesEqual(held, opens)) emitBadReveal(core, heldMsg, next, q);
    }
  }
  return {
    voters: tally.voters,
    counts: tally.counts[j] ?? new Map<number, number>(),
    unknown: tally.unknown,
    held,
    reveals,
    revealsComplete: direct !== undefined && (!echoOk || next !== undefined),
  };
}

/** What a decided-by-giving-up round still lacks: votes while voters are unknown, reveals of members with a majority digest. */
export function openNeeds(core: Core, e: Epoch, q: number): MemberDecision[] | undefined {
  const tally = core.tallies.get(q);
  if (tally === undefined) return undefined;
  const out: MemberDecision[] = [];
  let any = false;
  for (let j = 0; j < e.members.length; j++) {
    const m = decideMember(memberEvidence(core, e, q, j, tally), false);
    if (m.kind === 'uncertain') any = true;
    out.push(m);
  }
  return any ? out : undefined;
}
