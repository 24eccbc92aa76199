import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProofContext } from '../auth/proof';
import { createEd25519, type Ed25519, signKeyPairFromSeed } from '../crypto';
import { decodeValue, encodeCanonical } from '../wire/codec';
import { chainPrev } from './chain';
import { type RoundFields, signingPayload } from './codec';
import { commitment } from './commit';
import { commitPrefix, type GroupContext } from './context';
import { encodeProof, neoProofVerifier, ProofKind, type SignedPayload, verifyProof } from './proofs';

const ctx: GroupContext = { gameId: 'g1', zone: 'z', cell: 'c0' };
const cheater = signKeyPairFromSeed(new Uint8Array(32).fill(3));
const other = signKeyPairFromSeed(new Uint8Array(32).fill(4));
const keys = new Map([
  ['mallory', cheater.publicKey],
  ['bob', other.publicKey],
]);
let ed: Ed25519;
beforeAll(async () => {
  ed = await createEd25519({ backend: 'webcrypto' });
});

const secret = (b: number) => new Uint8Array(16).fill(b);
const prefix = commitPrefix(ctx, 2);

function fields(round: number, over: Partial<RoundFields> = {}): RoundFields {
  return {
    epoch: 2,
    round,
    sender: 1,
    senderId: 'mallory',
    commit: commitment(prefix, round, 'mallory', secret(round), Uint8Array.of(1, round)),
    prev: 0,
    reportRound: null,
    report: null,
    revealRound: round - 2,
    secret: secret(round - 2),
    plaintext: Uint8Array.of(1, round - 2),
    votes: new Uint8Array(4),
    echo: null,
    echoVotes: null,
    ...over,
  };
}

async function signed(f: RoundFields, key = cheater.secretKey): Promise<SignedPayload> {
  const payload = signingPayload(ctx, f);
  return { payload, signature: await ed.sign(key, payload) };
}

const check = (kind: string, proof: Uint8Array) =>
  verifyProof(ed, kind, proof, { gameId: 'g1', publicKeyOf: (id) => keys.get(id) });

describe('NEO proofs', () => {
  it('two different signed messages for one round prove equivocation', async () => {
    const a = await signed(fields(10));
    const b = await signed(fields(10, { commit: new Uint8Array(16).fill(9) }));
    expect(await check(ProofKind.Equivocation, encodeProof(a, b))).toEqual({
      ok: true,
      value: { playerId: 'mallory', reason: expect.stringContaining('round 10') },
    });
  });

  it('refuses what is not an equivocation', async () => {
    const a = await signed(fields(10));
    expect((await check(ProofKind.Equivocation, encodeProof(a, a))).ok).toBe(false);
    expect((await check(ProofKind.Equivocation, encodeProof(a, await signed(fields(11))))).ok).toBe(false);
    const epoch3 = await signed(fields(10, { epoch: 3 }));
    expect((await check(ProofKind.Equivocation, encodeProof(a, epoch3))).ok).toBe(false);
    const forged = await signed(fields(10, { commit: new Uint8Array(16) }), other.secretKey);
    expect(await check(ProofKind.Equivocation, encodeProof(a, forged))).toEqual({
      ok: false,
      error: 'a signature does not verify',
    });
    const bob = { ...fields(10), senderId: 'bob' };
    const bobProof = encodeProof(
      await signed(bob, other.secretKey),
      await signed({ ...bob, prev: 3 }, other.secretKey),
    );
    expect(
      (await verifyProof(ed, ProofKind.Equivocation, bobProof, { gameId: 'g2', publicKeyOf: (id) => keys.get(id) })).ok,
    ).toBe(false);
    expect((await check('neo.other', encodeProof(a, a))).ok).toBe(false);
  });

  it('a signed reveal that does not open the signed commitment proves a bad reveal (direct and echo)', async () => {
    const commitMsg = await signed(fields(10));
    const honestReveal = await signed(fields(12));
    expect(await check(ProofKind.BadReveal, encodeProof(commitMsg, honestReveal))).toEqual({
      ok: false,
      error: 'the reveal opens the commitment',
    });
    const bad = await signed(fields(12, { plaintext: Uint8Array.of(6, 6) }));
    expect((await check(ProofKind.BadReveal, encodeProof(commitMsg, bad))).ok).toBe(true);
    // The echo in round 13's message reveals round 10 with the secret chained from round 11's.
    const s11 = secret(77);
    const commit10 = commitment(prefix, 10, 'mallory', chainPrev(s11), Uint8Array.of(5));
    const c = await signed(fields(10, { commit: commit10 }));
    const goodEcho = await signed(fields(13, { revealRound: 11, secret: s11, echo: Uint8Array.of(5) }));
    expect((await check(ProofKind.BadReveal, encodeProof(c, goodEcho))).ok).toBe(false);
    const badEcho = await signed(fields(13, { revealRound: 11, secret: s11, echo: Uint8Array.of(6) }));
    expect((await check(ProofKind.BadReveal, encodeProof(c, badEcho))).ok).toBe(true);
  });

  it("is what the authority registers: neoProofVerifier(kind) judges with the accounts' keys", async () => {
    const proof = encodeProof(await signed(fields(10)), await signed(fields(10, { prev: 5 })));
    const context: ProofContext = {
      gameId: 'g1',
      authorityPublicKey: new Uint8Array(32),
      ed,
      now: 0,
      account: (id) =>
        keys.has(id) ? { id, name: id, sign: keys.get(id)!, box: new Uint8Array(32), createdAt: 0 } : undefined,
    };
    expect((await neoProofVerifier(ProofKind.Equivocation)(proof, context)).ok).toBe(true);
    expect((await neoProofVerifier(ProofKind.BadReveal)(proof, context)).ok).toBe(false);
  });

  it('property: no corruption of a proof frames anyone else or throws', async () => {
    const valid = encodeProof(await signed(fields(10)), await signed(fields(10, { prev: 5 })));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(ProofKind.Equivocation, ProofKind.BadReveal),
        async (edits, kind) => {
          const bytes = valid.slice();
          for (const [at, v] of edits) bytes[at % bytes.length] = v;
          const r = await check(kind, bytes);
          if (r.ok) expect(r.value.playerId).toBe('mallory');
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: an honest member's messages never make a proof", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: 1000 }), fc.uint8Array({ maxLength: 8 }), async (q, input) => {
        const s = secret(q & 0xff);
        const c = commitment(prefix, q, 'mallory', s, input);
        const commitMsg = await signed(fields(q, { commit: c }));
        const revealMsg = await signed(fields(q + 2, { revealRound: q, secret: s, plaintext: input }));
        expect((await check(ProofKind.BadReveal, encodeProof(commitMsg, revealMsg))).ok).toBe(false);
        expect((await check(ProofKind.Equivocation, encodeProof(commitMsg, revealMsg))).ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('encodes proofs canonically as [1, payloadA, sigA, payloadB, sigB]', async () => {
    const a = await signed(fields(10));
    const v = decodeValue(encodeProof(a, a));
    expect(v.ok && encodeCanonical(v.value as never)).toEqual(encodeProof(a, a));
    expect(v.ok && (v.value as unknown[])[0]).toBe(1);
  });
});
