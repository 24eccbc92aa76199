import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { voteDigest } from './commit';
import { decideMember, type MemberEvidence, NoneReason, type Reveal, tallyVotes } from './decide';

const commit = (b: number): Uint8Array => Uint8Array.from({ length: 16 }, (_, i) => (b + i) & 0xff);
const reveal = (c: Uint8Array): Reveal => ({ opens: c, secret: new Uint8Array(16), plaintext: Uint8Array.of(9) });

function evidence(votes: (number | undefined)[], extra: Partial<MemberEvidence> = {}): MemberEvidence {
  return { ...tallyVotes(votes), held: undefined, reveals: [], revealsComplete: false, ...extra };
}

describe('decideMember (the decision rule)', () => {
  const c = commit(7);
  const d = voteDigest(c);

  it('accepts when a strict majority voted the digest and a reveal opens it', () => {
    const m = decideMember(evidence([d, d, d, 0, undefined], { reveals: [reveal(c)] }), false);
    expect(m).toMatchObject({ kind: 'accepted', digest: d });
  });

  it('is certain as soon as the missing votes cannot change the outcome', () => {
    expect(decideMember(evidence([d, d, d, undefined, undefined], { reveals: [reveal(c)] }), false).kind).toBe(
      'accepted',
    );
    expect(decideMember(evidence([0, 0, 0, undefined, undefined]), false)).toEqual({
      kind: 'none',
      reason: NoneReason.NoMajority,
    });
    expect(decideMember(evidence([d, d, 0, undefined, undefined]), false)).toEqual({
      kind: 'uncertain',
      need: 'votes',
    });
  });

  it('waits for the key, and gives up on it', () => {
    expect(decideMember(evidence([d, d, d]), false)).toEqual({ kind: 'uncertain', need: 'reveal', digest: d });
    expect(decideMember(evidence([d, d, d]), true)).toEqual({ kind: 'none', reason: NoneReason.NoReveal, digest: d });
  });

  it('a key that opens another commitment with the same digest does not count when we hold the voted one', () => {
    const other = c.slice();
    other[15] = (other[15] ?? 0) ^ 0xff;
    const m = decideMember(evidence([d, d, d], { held: c, reveals: [reveal(other)], revealsComplete: true }), false);
    expect(m).toEqual({ kind: 'none', reason: NoneReason.NotOpened, digest: d });
    // Without the held commitment the digest is all there is to check against.
    expect(decideMember(evidence([d, d, d], { reveals: [reveal(other)] }), false).kind).toBe('accepted');
  });

  it('split votes (equivocation) give none', () => {
    const c2 = commit(100);
    expect(decideMember(evidence([d, d, voteDigest(c2), voteDigest(c2)], { reveals: [reveal(c)] }), false)).toEqual({
      kind: 'none',
      reason: NoneReason.NoMajority,
    });
  });

  const votesArb = fc.array(fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), {
    minLength: 1,
    maxLength: 9,
  });

  it('property: a certain decision never changes whatever the missing votes turn out to be', () => {
    fc.assert(
      fc.property(
        votesArb,
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 9, maxLength: 9 }),
        fc.boolean(),
        (votes, fill, revealed) => {
          const reveals = revealed ? [1, 2, 3, 4].map((b) => reveal(commitWithDigest(b))) : [];
          const before = decideMember(evidence(votes, { reveals }), false);
          if (before.kind === 'uncertain') return;
          const filled = votes.map((v, i) => v ?? fill[i]!);
          const after = decideMember(evidence(filled, { reveals }), false);
          expect(after.kind).toBe(before.kind);
          if (before.kind === 'accepted' && after.kind === 'accepted') expect(after.digest).toBe(before.digest);
        },
      ),
    );
  });

  it('property: giving up always decides, and acceptance needs a strict majority and an opening key', () => {
    fc.assert(
      fc.property(votesArb, fc.integer({ min: 1, max: 4 }), (votes, k) => {
        const m = decideMember(evidence(votes, { reveals: [reveal(commitWithDigest(k))] }), true);
        expect(m.kind).not.toBe('uncertain');
        if (m.kind === 'accepted') {
          expect(votes.filter((v) => v === m.digest).length).toBeGreaterThan(votes.length / 2);
          expect(voteDigest(m.reveal.opens)).toBe(m.digest);
        }
      }),
    );
  });
});

const byDigest = new Map<number, Uint8Array>();
/** Some commitment whose vote digest is `d` (1..4 in the properties). */
function commitWithDigest(d: number): Uint8Array {
  let c = byDigest.get(d);
  if (c === undefined) {
    for (let b = 0; ; b++) {
      const x = Uint8Array.from({ length: 16 }, (_, i) => (b * 31 + i) & 0xff);
      if (voteDigest(x) === d) {
        c = x;
        break;
      }
    }
    byDigest.set(d, c);
  }
  return c;
}
