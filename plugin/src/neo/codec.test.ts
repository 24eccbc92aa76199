import { describe, expect, it } from 'vitest';
import { toHex } from '../util/bytes';
import { decodeMessage, encodeMessage } from '../wire/envelope';
import { MessageType } from '../wire/types';
import { fromBody, type RoundFields, signingPayload, toBody } from './codec';

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
    const decoded = decodeMessage(encodeMessage(MessageType.neoRound, body));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || decoded.value.name !== 'neoRound') return;
    expect(decoded.value.body[2]).toBe(70_001 & 0xffff);
    const back = fromBody(decoded.value.body, {
      epoch: 3,
      round: 70_001,
      senderId: 'p002',
      reportRound: 61,
      revealRound: 69_999,
    });
    expect(back).toEqual(f);
  });

  it('a 16-member message with a 4-byte input fits in 160 bytes', () => {
    const bytes = encodeMessage(MessageType.neoRound, toBody(0xabcdef01, f, new Uint8Array(64)));
    expect(bytes.length).toBeLessThanOrEqual(160);
  });

  it('the signed payload is pinned (a change here is a protocol change)', () => {
    const payload = signingPayload({ gameId: 'g', zone: 'z', cell: 'c' }, { ...f, votes: Uint8Array.of(1, 2) });
    expect(toHex(payload)).toBe(
      'dc0012a96e656f2d726f756e6401a167a17aa16303ce00011171a470303032c41001010101010101010101010101010101ccc83dc4080202020202020202ce0001116fc41003030303030303030303030303030303c40404050607c4020102c40404050608c0',
    );
  });
});
