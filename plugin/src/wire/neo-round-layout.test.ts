import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../util/bytes';
import { neoRoundBody } from './fixtures/arbitraries';
import { neoRoundSample, samples } from './fixtures/samples';
import type { NeoRoundBody } from './messages/neo-round';
import { decodeRoundBody, encodeRoundBody } from './messages/neo-round-layout';

function pack(body: NeoRoundBody): Uint8Array {
  const r = encodeRoundBody(body);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Decoding never throws, and whatever it accepts re-encodes to exactly the same bytes. */
function checkParse(bytes: Uint8Array): void {
  const r = decodeRoundBody(bytes);
  if (!r.ok) {
    expect(typeof r.error).toBe('string');
    return;
  }
  expect(Buffer.from(pack(r.value)).equals(Buffer.from(bytes))).toBe(true);
}

const mutation = fc.tuple(neoRoundBody, fc.nat(), fc.nat({ max: 255 }), fc.integer({ min: 0, max: 3 }));

describe('neoRound packed layout', () => {
  it('the sample packs to the golden body and parses back', () => {
    // Pinned bytes, written once: a change to the layout must fail here, not regenerate the sample.
    const golden =
      'deadbeef0504d2031f4d101112131415161718191a1b1c1d1e1f3031323334353637404142434445464748494a4b4c4d4e4f' +
      '046400556a09706565725f422d34320960616263007071727390919293808182838485868788898a8b8c8d8e8f909192939495' +
      '969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf';
    expect(toHex(pack(neoRoundSample))).toBe(golden);
    expect(toHex(samples.neoRound)).toBe(golden);
    const r = decodeRoundBody(samples.neoRound);
    expect(r.ok && r.value).toEqual(neoRoundSample);
  });

  it('valid bodies round-trip exactly', () => {
    fc.assert(
      fc.property(neoRoundBody, (body) => {
        const bytes = pack(body);
        const r = decodeRoundBody(bytes);
        expect(r.ok && r.value).toEqual(body);
        checkParse(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes never throw; anything accepted is canonical', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (bytes) => checkParse(bytes)),
      { numRuns: 20_000 },
    );
  });

  it('flipped, cut, inserted and deleted bytes of valid bodies never throw; accepted ones are canonical', () => {
    fc.assert(
      fc.property(mutation, ([body, at, value, kind]) => {
        const b = pack(body);
        const i = at % b.length;
        let m: Uint8Array;
        if (kind === 0) {
          m = b.slice();
          m[i] = value;
        } else if (kind === 1) m = b.subarray(0, i);
        else if (kind === 2) m = Uint8Array.from([...b.subarray(0, i), value, ...b.subarray(i)]);
        else m = Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + 1)]);
        checkParse(m);
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses second forms and inconsistent bodies', () => {
    const base = pack(neoRoundSample);
    // Epoch 5 as a two-byte varint (0x85 0x00): same value, longer form.
    const longEpoch = Uint8Array.from([...base.subarray(0, 4), 0x85, 0x00, ...base.subarray(5)]);
    expect(decodeRoundBody(longEpoch).ok).toBe(false);
    const unknownFlag = base.slice();
    unknownFlag[8] = unknownFlag[8]! | 0x20;
    expect(decodeRoundBody(unknownFlag)).toEqual({ ok: false, error: 'flags' });
    // One byte more: the two vote arrays no longer split evenly.
    const odd = Uint8Array.from([...base.subarray(0, base.length - 64), 0, ...base.subarray(base.length - 64)]);
    expect(decodeRoundBody(odd)).toEqual({ ok: false, error: 'votes length' });
    const [tag, epoch, round16, sender, commit, prev, report, secret, , votes, echo, , sig] = neoRoundSample;
    const withPlaintext = (plaintext: NeoRoundBody[8], echoVotes: Uint8Array | null): NeoRoundBody => [
      tag,
      epoch,
      round16,
      sender,
      commit,
      prev,
      report,
      secret,
      plaintext,
      votes,
      echo,
      echoVotes,
      sig,
    ];
    expect(encodeRoundBody(withPlaintext([[['j', 'no spaces']], null], null))).toEqual({
      ok: false,
      error: 'plaintext',
    });
    expect(encodeRoundBody(withPlaintext(null, new Uint8Array(3)))).toEqual({ ok: false, error: 'echoVotes length' });
  });
});
