import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../util/bytes';
import { decodeValue, encodeCanonical, encodeValue } from './codec';
import { decodeMessage, encodeMessage } from './envelope';
import { canonicalGolden, canonicalSample, golden } from './fixtures/golden';
import { samples } from './fixtures/samples';
import { type MessageName, MessageType } from './types';

const names = Object.keys(samples) as MessageName[];

describe('golden bytes (a failure here means the wire format changed)', () => {
  it('has a fixture for every registered type', () => {
    expect(Object.keys(golden).sort()).toEqual(Object.keys(MessageType).sort());
  });

  it.each(names)('%s encodes to its fixture', (name) => {
    expect(toHex(encodeMessage(MessageType[name], samples[name] as never))).toBe(golden[name]);
  });

  it.each(names)('%s fixture decodes to its sample', (name) => {
    const r = decodeMessage(fromHex(golden[name])!);
    expect(r.ok && r.value).toEqual({ type: MessageType[name], name, body: samples[name] });
  });

  it('canonical encoding sorts keys at every level', () => {
    expect(toHex(encodeCanonical(canonicalSample))).toBe(canonicalGolden);
    const r = decodeValue(fromHex(canonicalGolden)!);
    expect(r.ok && r.value).toEqual(canonicalSample);
  });
});

describe('canonical vs wire order', () => {
  it('encodeCanonical ignores key order; encodeValue keeps it', () => {
    const a = { b: 1, a: { d: 2, c: [{ f: 1, e: 2 }] } };
    const b = { a: { c: [{ e: 2, f: 1 }], d: 2 }, b: 1 };
    expect(encodeCanonical(a)).toEqual(encodeCanonical(b));
    expect(encodeValue(a)).not.toEqual(encodeValue(b));
  });

  it('omits undefined fields and uses the shortest integer form', () => {
    expect(toHex(encodeCanonical({ b: undefined, a: 1 }))).toBe('81a16101');
    expect(toHex(encodeCanonical([0, -1, 127, 128, -33, 2 ** 32, 0.5]))).toBe(
      '9700ff7fcc80d0dfcf0000000100000000cb3fe0000000000000',
    );
    expect(toHex(encodeCanonical(-0))).toBe('00');
  });
});
