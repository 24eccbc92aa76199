import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../util/bytes';
import { decodeMessage, encodeMessage } from '../wire/envelope';
import { neoRoundBody } from '../wire/fixtures/arbitraries';
import { decodeRoundBody, encodeRoundBody } from '../wire/messages/neo-round-layout';
import { MessageType } from '../wire/types';
import { encodeRound, fromBody, type RoundFields, roundBodyOf, signingPayload, toBody } from './codec';

const f: RoundFields = {
  epoch: 3,
  round: 70_001,
  sender: 2,
  senderId: 'p002',
  commit: new Uint8Array(16).fill(1),
  prev: 200,
  reportRound: 61,
  report: new Uint8Array(8).fill(2),
  revealRound: 69_999,
  secret: new Uint8Array(16).fill(3),
  plaintext: Uint8Array.of(4, 5, 6, 7),
  votes: new Uint8Array(16).fill(9),
  echo: Uint8Array.of(4, 5, 6, 8),
  echoVotes: null,
};

describe('round message codec', () => {
  it('body round-trips through the wire with the implied fields', () => {
    const body = toBody(0xabcdef01, f, new Uint8Array(64).fill(5));
    const decoded = decodeMessage(encodeRound(body));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || decoded.value.name !== 'neoRound') return;
    const parsed = decodeRoundBody(decoded.value.body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value[2]).toBe(70_001 & 0xffff);
    const back = fromBody(parsed.value, {
      epoch: 3,
      round: 70_001,
      senderId: 'p002',
      reportRound: 61,
      revealRound: 69_999,
    });
    expect(back).toEqual(f);
  });

  it('writes the envelope encodeMessage writes, small bodies and large', () => {
    const small = toBody(0xabcdef01, f, new Uint8Array(64).fill(5));
    const large = toBody(0xabcdef01, { ...f, plaintext: new Uint8Array(300) }, new Uint8Array(64).fill(5));
    for (const body of [small, large]) {
      const packed = encodeRoundBody(body);
      expect(packed.ok).toBe(true);
      if (packed.ok) expect(encodeRound(body)).toEqual(encodeMessage(MessageType.neoRound, packed.value));
    }
  });

  it('takes the packed body straight out of its envelope exactly when decodeMessage would', () => {
    fc.assert(
      fc.property(neoRoundBody, (body) => {
        const bytes = encodeRound(body);
        const decoded = decodeMessage(bytes);
        expect(decoded.ok && decoded.value.name === 'neoRound').toBe(true);
        if (decoded.ok) expect(roundBodyOf(bytes)).toEqual(decoded.value.body);
      }),
      { numRuns: 300 },
    );
    // Another type, a longer (valid msgpack) form of the same envelope, a truncated one: not taken.
    expect(roundBodyOf(encodeMessage(MessageType.neoJoin, [1]))).toBeUndefined();
    const bytes = encodeRound(toBody(1, f, new Uint8Array(64)));
    const bin16 = Uint8Array.from([0x93, 1, 0x20, 0xc5, 0, bytes[4]!, ...bytes.subarray(5)]);
    expect(roundBodyOf(bin16)).toEqual(bytes.subarray(5));
    expect(roundBodyOf(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
  });

  it('a 16-member message with 8-byte inputs is 145 bytes, 153 with a state-hash report', () => {
    const eight = { ...f, plaintext: new Uint8Array(8), echo: new Uint8Array(8) };
    expect(encodeRound(toBody(0xabcdef01, eight, new Uint8Array(64))).length).toBe(153);
    const bare = { ...eight, report: null, reportRound: null };
    expect(encodeRound(toBody(0xabcdef01, bare, new Uint8Array(64))).length).toBe(145);
  });

  it('the signed payload is pinned (a change here is a protocol change)', () => {
    const payload = signingPayload({ gameId: 'g', zone: 'z', cell: 'c' }, { ...f, votes: Uint8Array.of(1, 2) });
    expect(toHex(payload)).toBe(
      'dc0012a96e656f2d726f756e6401a167a17aa16303ce00011171a470303032c41001010101010101010101010101010101ccc83dc4080202020202020202ce0001116fc41003030303030303030303030303030303c40404050607c4020102c40404050608c0',
    );
  });
});
