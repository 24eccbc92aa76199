import { bytesEqual } from '../util/bytes';
import { signingPayload, verifyRound } from './codec';
import { voteDigest } from './commit';
import type { Core } from './core';
import { voteOf } from './evidence';
import { requestMessages } from './fetch';
import { revealOpens } from './opens';
import { encodeProof, ProofKind, verifyProof } from './proofs';
import type { StoredMessage } from './round-table';
import { type Epoch, epochOf } from './schedule';

/** Whether a stored message's signature holds (checking it once, lazily). */
async function verified(core: Core, m: StoredMessage): Promise<boolean> {
  if (m.verified) return true;
  const key = core.opts.membership.publicKeyOf(m.fields.senderId);
  if (key === undefined) return false;
  core.counters.verified++;
  const good = await verifyRound(core.opts.ed, key, core.opts.context, m.fields, m.sig);
  if (good) m.verified = true;
  return good;
}

function emit(core: Core, kind: ProofKind, a: StoredMessage, b: StoredMessage, round: number): void {
  const key = `${kind} ${a.fields.senderId} ${round}`;
  if (core.proofsSent.has(key)) return;
  core.proofsSent.add(key);
  const ctx = core.opts.context;
  core.track(
    Promise.all([verified(core, a), verified(core, b)]).then(([okA, okB]) => {
      // A message whose signature fails is no evidence: it is simply dropped as forged.
      if (!okA || !okB || core.stopped) return;
      const bytes = encodeProof(
        { payload: signingPayload(ctx, a.fields), signature: a.sig },
        { payload: signingPayload(ctx, b.fields), signature: b.sig },
      );
      // Judged first with the authority's own rule: two messages that only look contradictory
      // here (signed under two views of the schedule by a member that learnt an epoch late) are
      // no proof, and an honest player is never accused.
      return verifyProof(core.opts.ed, kind, bytes, {
        gameId: ctx.gameId,
        publicKeyOf: (id) => core.opts.membership.publicKeyOf(id),
      }).then((verdict) => {
        if (core.stopped) return;
        if (!verdict.ok) {
          core.counters.proofsUnfounded++;
          return;
        }
        core.counters.proofs++;
        core.events.emit('proof', { kind, cheater: a.fields.senderId, round, bytes });
      });
    }),
  );
}

/** Two different messages from one sender for one round: an equivocation, if both are signed. */
export function onConflict(core: Core, kept: StoredMessage, other: StoredMessage): void {
  emit(core, ProofKind.Equivocation, kept, other, kept.fields.round);
}

/** A signed reveal (`reveal`) that does not open the same sender's signed commitment (`held`) of round `q`. */
export function emitBadReveal(core: Core, held: StoredMessage, reveal: StoredMessage, q: number): void {
  emit(core, ProofKind.BadReveal, held, reveal, q);
}

/**
 * Checks direct reveals against held commitments whenever either side arrives: a signed reveal
 * that does not open the sender's signed commitment of the same round is a bad-reveal proof.
 * (Echoes are checked where they are used, see `evidence.ts`.)
 */
export function checkReveals(core: Core, m: StoredMessage): void {
  const f = m.fields;
  const e = epochOf(core.schedule, f.round);
  if (e === undefined) return;
  if (f.revealRound !== null && f.secret !== null) {
    const held = core.table.get(f.revealRound, f.sender);
    const opens = held?.fields.commit ? revealOpens(core, m) : null;
    if (held?.fields.commit && opens && !bytesEqual(held.fields.commit, opens))
      emitBadReveal(core, held, m, f.revealRound);
  }
  if (f.commit !== null) {
    const direct = core.table.get(f.round + e.k, f.sender);
    const opens = direct === undefined ? null : revealOpens(core, direct);
    if (direct !== undefined && opens && !bytesEqual(f.commit, opens)) emitBadReveal(core, m, direct, f.round);
  }
}

/**
 * Voters saw another commitment of member `j` for round `q` than the one we hold: ask one of them
 * for the message it holds, so the two signed messages meet here and prove the equivocation.
 */
export function huntEquivocation(
  core: Core,
  e: Epoch,
  q: number,
  j: number,
  counts: ReadonlyMap<number, number>,
): void {
  const held = core.table.get(q, j)?.fields.commit;
  if (!held) return;
  const mine = voteDigest(held);
  for (const [digest, count] of counts) {
    if (digest === mine || count === 0) continue;
    const v = e.members.findIndex((m, i) => m !== core.self && voteOf(core, e, q, i, j) === digest);
    if (v >= 0) requestMessages(core, e.members[v]!, [[q, j]]);
    return;
  }
}
