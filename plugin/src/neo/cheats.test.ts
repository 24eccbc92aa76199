import { describe, expect, it } from 'vitest';
import type { ProofContext } from '../auth/proof';
import { encodeMessage } from '../wire/envelope';
import { MessageType } from '../wire/types';
import { groupTag } from './context';
import { NeoDrop } from './counters';
import { neoProofVerifier, ProofKind } from './proofs';
import {
  badReveal,
  colluder,
  equivocate,
  fixedDelay,
  forger,
  lookAhead,
  replayer,
  suppressCorrect,
} from './testing/adversaries';
import { acceptance, agreement } from './testing/checks';
import { type HarnessOptions, NeoHarness, peerId } from './testing/harness';

const R = 50;
const K = 2;

async function cheatRun(
  options: Partial<HarnessOptions> & {
    cheater: number;
    size?: number;
    rounds?: number;
    hooks: HarnessOptions['hooks'];
  },
) {
  const h = await NeoHarness.create({
    size: options.size ?? 5,
    seed: 11,
    latency: 20,
    jitterMs: 8,
    loss: 0.02,
    roundMs: R,
    k: K,
    ...options,
  });
  await h.waitForRound(options.rounds ?? 60, h.honest());
  const honest = h.honest();
  const ref = honest[0]!;
  const last = (options.rounds ?? 60) - 2;
  const cheater = h.peers[options.cheater]!;
  return {
    h,
    honest,
    ref,
    agreement: agreement(honest),
    honestAcceptance: acceptance(honest, ref, 3, last),
    cheaterAcceptance: acceptance([cheater], ref, 3, last),
    drops: (reason: NeoDrop) => honest.reduce((n, p) => n + p.group.counters.dropped[reason], 0),
  };
}

function proofContext(h: NeoHarness): ProofContext {
  return {
    gameId: h.context.gameId,
    authorityPublicKey: new Uint8Array(32),
    ed: h.ed,
    now: h.clock.now(),
    account: (id) => {
      const sign = h.publicKeyOf(id);
      return sign && { id, name: id, sign, box: new Uint8Array(32), createdAt: 0 };
    },
  };
}

describe('cheats (plugin/spec/neo.md, "Cheats")', () => {
  it('fixed delay: a member that holds its messages back gains nothing and slows no one', async () => {
    const r = await cheatRun({ cheater: 1, hooks: (i) => (i === 1 ? fixedDelay(K * R + 10) : undefined) });
    expect(r.agreement.mismatches).toEqual([]);
    expect(r.cheaterAcceptance.accepted).toBe(0);
    expect(r.honestAcceptance.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it("look-ahead / timestamp: a commitment sent after seeing the others' reveals never counts", async () => {
    const r = await cheatRun({ cheater: 2, hooks: (i) => (i === 2 ? lookAhead(K * R + 60, K) : undefined) });
    expect(r.agreement.mismatches).toEqual([]);
    expect(r.cheaterAcceptance.accepted).toBe(0);
    for (let q = 5; q < 50; q++) expect(r.ref.state.log.get(q)).toContain(`${peerId(2)}=-`);
    expect(r.honestAcceptance.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('suppress-correct: rounds withheld and "corrected" later are none', async () => {
    const r = await cheatRun({ cheater: 0, hooks: (i) => (i === 0 ? suppressCorrect(20, 30) : undefined) });
    expect(r.agreement.mismatches).toEqual([]);
    // Corrections leave at round 30: every round whose votes were cast by then stays none.
    for (let q = 20; q <= 30 - K; q++) expect(r.ref.state.log.get(q)).toContain(`${peerId(0)}=-`);
    expect(r.honestAcceptance.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('equivocation: two signed messages for one round are proven, banned and ignored', async () => {
    const r = await cheatRun({
      cheater: 3,
      rounds: 40,
      hooks: (i) =>
        i === 3 ? equivocate({ rounds: (q) => q >= 10 && q < 14, second: (to) => to < peerId(2) }) : undefined,
    });
    expect(r.agreement.mismatches).toEqual([]);
    const proofs = r.honest.flatMap((p) => p.proofs).filter((p) => p.kind === ProofKind.Equivocation);
    expect(proofs.length).toBeGreaterThan(0);
    const verdict = await neoProofVerifier(ProofKind.Equivocation)(proofs[0]!.bytes, proofContext(r.h));
    expect(verdict).toEqual({
      ok: true,
      value: { playerId: peerId(3), reason: expect.stringContaining('two different') },
    });
    for (const p of r.honest) p.group.ban(peerId(3));
    await r.h.run(3000);
    for (const p of r.h.honest()) {
      expect(p.group.control.banned).toContain(peerId(3));
      expect(p.group.epoch?.members).not.toContain(peerId(3));
    }
    // The banned member is out, and a member refuses to relay its join.
    const cheater = r.h.peers[3]!;
    expect(cheater.group.counters.roundsSent).toBeLessThan(cheater.group.round);
    const refused = r.drops(NeoDrop.Refused);
    cheater.transport.inner.send(peerId(0), encodeMessage(MessageType.neoJoin, [groupTag(r.h.context)]));
    await r.h.run(200);
    expect(r.drops(NeoDrop.Refused)).toBe(refused + 1);
    expect(agreement(r.h.honest()).mismatches).toEqual([]);
  });

  it('equivocation with colliding vote digests: exposed by state hashes, repaired, proven', async () => {
    const r = await cheatRun({
      cheater: 3,
      rounds: 40,
      hooks: (i) =>
        i === 3 ? equivocate({ rounds: (q) => q === 12, second: (to) => to === peerId(0), collide: true }) : undefined,
    });
    expect(r.agreement.mismatches).toEqual([]);
    expect(r.h.peers[0]!.resyncs.length).toBeGreaterThan(0);
    const proofs = r.h.peers[0]!.proofs;
    expect(proofs.length).toBeGreaterThan(0);
    const verdict = await neoProofVerifier(proofs[0]!.kind)(proofs[0]!.bytes, proofContext(r.h));
    expect(verdict.ok).toBe(true);
  });

  it('bad reveal: a key that does not open the commitment makes the input none and is proven', async () => {
    const r = await cheatRun({
      cheater: 1,
      hooks: (i) => (i === 1 ? badReveal((q) => q === 15 || q === 16) : undefined),
    });
    expect(r.agreement.mismatches).toEqual([]);
    expect(r.ref.state.log.get(15)).toContain(`${peerId(1)}=-`);
    const proofs = r.honest.flatMap((p) => p.proofs).filter((p) => p.kind === ProofKind.BadReveal);
    expect(proofs.length).toBeGreaterThan(0);
    const verdict = await neoProofVerifier(ProofKind.BadReveal)(proofs[0]!.bytes, proofContext(r.h));
    expect(verdict.ok && verdict.value.playerId).toBe(peerId(1));
  });

  it('collusion by a minority: cannot suppress an honest input, push a late one, or fake the state hash', async () => {
    const colluders = [peerId(5), peerId(6), peerId(7)];
    const r = await cheatRun({
      size: 8,
      cheater: 7,
      hooks: (i, id) =>
        i >= 5 ? colluder({ self: id, colluders, victimIndex: 1, late: peerId(7), lateMs: K * R + 30 }) : undefined,
    });
    expect(r.agreement.mismatches).toEqual([]);
    expect(acceptance([r.h.peers[1]!], r.ref, 3, 58).ratio).toBeGreaterThanOrEqual(0.99);
    expect(r.cheaterAcceptance.accepted).toBe(0);
    for (const p of r.honest) expect(p.resyncs).toEqual([]);
    expect(r.ref.group.confirmedRound).toBeGreaterThan(50);
  });

  it("replay: duplicates, old rounds, relabelled rounds and other groups' messages are dropped", async () => {
    const r = await cheatRun({ cheater: 4, hooks: (i) => (i === 4 ? replayer() : undefined) });
    expect(r.agreement.mismatches).toEqual([]);
    expect(r.honestAcceptance.ratio).toBeGreaterThanOrEqual(0.99);
    expect(r.drops(NeoDrop.Replay)).toBeGreaterThan(0);
    expect(r.drops(NeoDrop.BadSignature)).toBeGreaterThan(0);
    expect(r.drops(NeoDrop.WrongGroup)).toBeGreaterThan(0);
  });

  it('forged signature: messages forged for another member are dropped before they count', async () => {
    const r = await cheatRun({ cheater: 4, hooks: (i) => (i === 4 ? forger({ victimIndex: 0 }) : undefined) });
    expect(r.agreement.mismatches).toEqual([]);
    expect(r.drops(NeoDrop.BadSignature)).toBeGreaterThan(50);
    expect(acceptance([r.h.peers[0]!], r.ref, 3, 58).ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('own garbage signatures are caught by audits, reported, and cannot be forwarded', async () => {
    const r = await cheatRun({
      cheater: 4,
      loss: 0.05,
      config: { auditRate: 0.25 },
      hooks: (i) => (i === 4 ? forger({ garbageOwn: true }) : undefined),
    });
    expect(agreement(r.h.honest()).mismatches).toEqual([]);
    expect(r.honest.every((p) => p.group.counters.auditFailures > 0)).toBe(true);
    // A lost message of the cheater could only come forwarded, and forwarded garbage is dropped.
    const asker = r.honest[1]!;
    const before = asker.group.counters.dropped[NeoDrop.BadSignature];
    const fetch = encodeMessage(MessageType.neoFetch, [groupTag(r.h.context), [[(asker.group.round - 3) & 0xffff, 4]]]);
    asker.transport.inner.send(r.honest[0]!.id, fetch);
    await r.h.run(200);
    expect(asker.group.counters.dropped[NeoDrop.BadSignature]).toBe(before + 1);
    expect(new Set(r.honest.flatMap((p) => p.suspects))).toEqual(new Set([peerId(4)]));
  });
});
