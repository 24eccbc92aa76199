import { describe, expect, it } from 'vitest';
import { decodeValue, encodeCanonical } from '../wire/codec';
import { RoomDropCode } from './errors';
import { decodeInput, encodePair, packInput } from './input';

describe('round input encoding', () => {
  it('packs pairs into the canonical encoding of the whole array', () => {
    for (const n of [0, 1, 15, 16, 40]) {
      const pairs = Array.from({ length: n }, (_, i) => [i % 3, { z: i, a: 'x' }] as const);
      const packed = packInput(pairs.map(([c, p]) => encodePair(c, p)));
      expect(packed).toEqual(encodeCanonical(pairs.map(([c, p]) => [c, p])));
      expect(decodeValue(packed).ok).toBe(true);
    }
  });

  it('decodes pairs and counts malformed items', () => {
    const bytes = encodeCanonical([[0, 1], [1], 'x', [-1, 2], [1.5, 0], [2, { a: 1 }]]);
    const r = decodeInput(bytes, 32, 4096);
    expect(r).toEqual({
      ok: true,
      messages: [
        { code: 0, payload: 1 },
        { code: 2, payload: { a: 1 } },
      ],
      malformed: 4,
    });
  });

  it('drops the whole input when it is not msgpack, not an array, too large or has too many items', () => {
    expect(decodeInput(new Uint8Array([0xc1]), 32, 4096)).toEqual({ ok: false, code: RoomDropCode.Malformed });
    expect(decodeInput(encodeCanonical({ a: 1 }), 32, 4096)).toEqual({ ok: false, code: RoomDropCode.Malformed });
    expect(decodeInput(encodeCanonical([[0, 'x'.repeat(200)]]), 32, 64)).toEqual({
      ok: false,
      code: RoomDropCode.Malformed,
    });
    const many = encodeCanonical(Array.from({ length: 5 }, () => [0, 0]));
    expect(decodeInput(many, 4, 4096)).toEqual({ ok: false, code: RoomDropCode.TooMany });
    const huge = encodeCanonical(Array.from({ length: 5000 }, () => 0));
    expect(decodeInput(huge, 4, 1 << 20)).toEqual({ ok: false, code: RoomDropCode.TooMany });
  });
});
