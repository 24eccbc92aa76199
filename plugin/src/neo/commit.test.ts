import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32 } from '../crypto/hash';
import { concatBytes, toHex } from '../util/bytes';
import { encodeCanonical } from '../wire/codec';
import type { NeoPlaintext } from '../wire/messages/neo-common';
import { CHAIN_SEGMENT, chainLinks, chainPrev, SecretChain } from './chain';
import { commitment, voteDigest } from './commit';
import { commitPrefix, groupTag } from './context';

describe('commitments and key chains', () => {
  const prefix = commitPrefix({ gameId: 'g', zone: 'z', cell: 'c' }, 0);

  it('binds prefix, round, sender, secret and plaintext', () => {
    const s = new Uint8Array(16).fill(1);
    const base = toHex(commitment(prefix, 5, 'p1', s, Uint8Array.of(1)));
    expect(base).toHaveLength(32);
    const variants = [
      commitment(commitPrefix({ gameId: 'g', zone: 'z', cell: 'c' }, 1), 5, 'p1', s, Uint8Array.of(1)),
      commitment(prefix, 6, 'p1', s, Uint8Array.of(1)),
      commitment(prefix, 5, 'p2', s, Uint8Array.of(1)),
      commitment(prefix, 5, 'p1', new Uint8Array(16), Uint8Array.of(1)),
      commitment(prefix, 5, 'p1', s, Uint8Array.of(2)),
      commitment(prefix, 5, 'p1', s, null),
      commitment(prefix, 5, 'p1', s, [[['l']], Uint8Array.of(1)]),
    ].map(toHex);
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('is the hash of the canonical encoding, whatever the plaintext', () => {
    const reference = (round: number, sender: string, secret: Uint8Array, plaintext: NeoPlaintext): string => {
      const id = new TextEncoder().encode(sender);
      const r = new Uint8Array(8);
      new DataView(r.buffer).setUint32(0, Math.floor(round / 0x1_0000_0000));
      new DataView(r.buffer).setUint32(4, round >>> 0);
      const all = concatBytes(prefix, r, Uint8Array.of(id.length), id, secret, encodeCanonical(plaintext));
      return toHex(hash32(all).subarray(0, 16));
    };
    const plaintext = fc.oneof(
      fc.constant(null),
      fc.uint8Array({ maxLength: 300 }),
      fc.constant(new Uint8Array(70_000)),
      fc.constant<NeoPlaintext>([[['l'], ['d', 7]], Uint8Array.of(1)]),
    );
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.stringMatching(/^[a-z0-9]{1,64}$/),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        plaintext,
        (round, sender, secret, p) => {
          expect(toHex(commitment(prefix, round, sender, secret, p))).toBe(reference(round, sender, secret, p));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('vote digests are 1..255 (0 means "not received")', () => {
    // Pinned edges: the digest is the first commitment byte folded into 1..255.
    const first = (b: number): Uint8Array => Uint8Array.of(b, ...new Array<number>(15).fill(7));
    expect([0, 1, 254, 255].map((b) => voteDigest(first(b)))).toEqual([1, 2, 255, 1]);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (c) => {
        const d = voteDigest(c);
        expect(d).toBeGreaterThanOrEqual(1);
        expect(d).toBeLessThanOrEqual(255);
      }),
    );
  });

  it('each secret is the hash of the next within a segment, and segments are independent', () => {
    let n = 0;
    const chain = new SecretChain((len) => new Uint8Array(len).fill(++n));
    for (let q = 0; q < 3 * CHAIN_SEGMENT - 1; q++) {
      const linked = toHex(chainPrev(chain.secret(q + 1))) === toHex(chain.secret(q));
      expect(linked).toBe(chainLinks(q));
    }
  });

  it('group tags differ per group', () => {
    expect(groupTag({ gameId: 'g', zone: 'z', cell: 'c' })).not.toBe(groupTag({ gameId: 'g', zone: 'z', cell: 'd' }));
  });
});
