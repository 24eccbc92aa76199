import { describe, expect, it } from 'vitest';
import { fromHex } from '../util/bytes';
import { decodeValue, encodeValue, type WireValue } from './codec';
import { decodeMessage, encodeMessage, tryEncodeMessage } from './envelope';
import { WIRE_ERROR_CODES, WireError, type WireErrorCode } from './errors';
import { golden } from './fixtures/golden';
import { pattern, samples } from './fixtures/samples';
import { DEFAULT_WIRE_LIMITS } from './limits';
import { lookupType, type MessageName, MessageType, registry } from './types';

const seen = new Set<WireErrorCode>();

function dropped(bytes: Uint8Array, code: WireErrorCode, limits?: Parameters<typeof decodeMessage>[1]): string {
  const r = decodeMessage(bytes, limits);
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error).toBeInstanceOf(WireError);
  expect(r.error.code).toBe(code);
  seen.add(r.error.code);
  return r.error.message;
}

const hex = (h: string): Uint8Array => fromHex(h.replace(/\s/g, ''))!;
const env = (type: number, body: WireValue): Uint8Array => encodeValue([1, type, body]);
const ping = golden.ping;

describe('round trip', () => {
  it.each(Object.keys(samples) as MessageName[])('%s', (name) => {
    const bytes = encodeMessage(MessageType[name], samples[name] as never);
    const r = decodeMessage(bytes);
    expect(r.ok && r.value).toEqual({ type: MessageType[name], name, body: samples[name] });
  });

  it('encodes equal bodies identically whatever the key order', () => {
    const a = encodeMessage(MessageType.pong, { nonce: 1, t: 2.5, t2: 3 });
    const b = encodeMessage(MessageType.pong, { t2: 3, t: 2.5, nonce: 1 });
    expect(a).toEqual(b);
  });

  it('decoded bytes share no memory with the input', () => {
    const bytes = encodeMessage(MessageType.note, samples.note);
    const r = decodeMessage(bytes);
    bytes.fill(0);
    expect(r.ok && r.value.body).toEqual(samples.note);
  });

  it('accepts Node Buffers and non-shortest number encodings', () => {
    expect(decodeMessage(Buffer.from(fromHex(ping)!)).ok).toBe(true);
    // nonce 5 as uint32, t 1 as float64: legal msgpack, just not the shortest form.
    const r = decodeMessage(hex('93 01 02 82 a5 6e6f6e6365 ce00000005 a1 74 cb3ff0000000000000'));
    expect(r.ok && r.value.body).toEqual({ nonce: 5, t: 1 });
  });
});

describe('encoding errors', () => {
  it('tryEncodeMessage returns schema errors as values; encodeMessage throws them', () => {
    const long = { ...samples.note, text: 'x'.repeat(501) };
    const r = tryEncodeMessage(MessageType.note, long);
    expect(!r.ok && r.error.message).toBe('body.text: expected str(0..500), got string(501)');
    expect(() => encodeMessage(MessageType.note, long)).toThrow(WireError);
    const lone = tryEncodeMessage(MessageType.note, { ...samples.note, text: 'a\ud800' });
    expect(!lone.ok && lone.error.code).toBe('schema');
    const unknown = tryEncodeMessage(77 as MessageType, samples.ping as never);
    expect(!unknown.ok && unknown.error.code).toBe('unknown-type');
  });
});

describe('every failure is a counted code, never a throw', () => {
  it('too-large: checked before parsing', () => {
    dropped(new Uint8Array(DEFAULT_WIRE_LIMITS.maxBytes + 1), 'too-large');
    dropped(fromHex(ping)!, 'too-large', { maxBytes: 10 });
  });

  it('malformed: truncated, trailing bytes, reserved byte, invalid UTF-8, empty, not bytes', () => {
    const bytes = fromHex(ping)!;
    for (let cut = 0; cut < bytes.length; cut++) dropped(bytes.subarray(0, cut), 'malformed');
    dropped(hex(`${ping}00`), 'malformed');
    dropped(hex('93 01 02 c1'), 'malformed');
    dropped(hex('93 01 04 83 a4 74657874 a2 c328 a2 6174 00 a3 736967 c0'), 'malformed');
    dropped(hex('93 01 04 81 a2 ed a0 00'), 'malformed'); // surrogate code point as a key
    expect(decodeMessage('93' as unknown as Uint8Array).ok).toBe(false);
  });

  it('too-deep: a 256 KiB depth bomb is rejected in linear time', () => {
    const bomb = new Uint8Array(DEFAULT_WIRE_LIMITS.maxBytes).fill(0x91);
    const start = performance.now();
    expect(dropped(bomb, 'too-deep')).toMatch(/deeper than 16/);
    // Raising the depth limit must not recurse either: the scan is iterative.
    dropped(bomb, 'malformed', { maxDepth: 1e9 });
    expect(performance.now() - start).toBeLessThan(500);
    const deep = new Uint8Array(100_001).fill(0x91);
    deep[100_000] = 0xc0;
    expect(decodeValue(deep, { maxDepth: 200_000 }).ok).toBe(true);
  });

  it('too-deep: exactly maxDepth levels pass, one more fails', () => {
    const nest = (levels: number) => Uint8Array.from([...new Array(levels).fill(0x91), 0xc0]);
    expect(decodeValue(nest(16)).ok).toBe(true);
    const r = decodeValue(nest(17));
    expect(!r.ok && r.error.code).toBe('too-deep');
    dropped(env(2, { nonce: 1, t: 1, x: [[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]] }), 'too-deep');
  });

  it('limit: oversized str, bin, array and map (claimed lengths are checked first)', () => {
    dropped(env(4, { ...samples.note, text: 'x'.repeat(DEFAULT_WIRE_LIMITS.maxStrLength + 1) }), 'limit');
    dropped(env(1, { ...samples.hello, sig: new Uint8Array(DEFAULT_WIRE_LIMITS.maxBinLength + 1) }), 'limit');
    dropped(hex('93 01 02 dc 1001'), 'limit'); // array of 4097
    dropped(hex('93 01 02 de 0401'), 'limit'); // map of 1025
    dropped(hex('93 01 02 dd ffffffff'), 'limit');
    dropped(env(2, 'abcdefghijk'), 'limit', { maxStrLength: 10 });
    // With the array limit lifted, an impossible claim is still refused before allocation.
    dropped(hex('93 01 02 dd ffffffff'), 'malformed', { maxArrayLength: 2 ** 32 });
  });

  it('unsupported: non-string, duplicate and __proto__ map keys, extension types', () => {
    dropped(hex('93 01 02 81 01 02'), 'unsupported');
    dropped(hex('93 01 02 81 c4 01 61 02'), 'unsupported');
    dropped(hex('93 01 02 82 a1 61 01 a1 61 02'), 'unsupported');
    dropped(hex('93 01 02 81 a9 5f5f70726f746f5f5f 80'), 'unsupported');
    dropped(hex('93 01 02 d4 00 00'), 'unsupported');
    dropped(hex('93 01 02 d6 ff 00000000'), 'unsupported'); // msgpack timestamp
    dropped(hex('93 01 02 c7 00 05'), 'unsupported');
  });

  it('bad-envelope, unknown-version, unknown-type', () => {
    dropped(encodeValue({ v: 1 }), 'bad-envelope');
    dropped(encodeValue([1, 2]), 'bad-envelope');
    dropped(encodeValue([1, 2, {}, 0]), 'bad-envelope');
    dropped(encodeValue(['1', 2, {}]), 'bad-envelope');
    dropped(encodeValue([1, 'ping', {}]), 'bad-envelope');
    dropped(encodeValue([1, -2, {}]), 'bad-envelope');
    dropped(encodeValue([2, 2, { nonce: 1, t: 1 }]), 'unknown-version');
    dropped(encodeValue([0, 2, { nonce: 1, t: 1 }]), 'unknown-version');
    dropped(encodeValue([1, 99, {}]), 'unknown-type');
    dropped(encodeValue([1, 0, {}]), 'unknown-type');
  });

  it('schema: the message names the failing field', () => {
    expect(dropped(env(2, { nonce: -1, t: 1 }), 'schema')).toMatch(/^body\.nonce: expected uint/);
    expect(dropped(env(2, { nonce: 2 ** 32, t: 1 }), 'schema')).toMatch(/^body\.nonce/);
    expect(dropped(env(2, { nonce: 1, t: 1, extra: 1 }), 'schema')).toBe('body.extra: unexpected field');
    expect(dropped(hex('93 01 02 82 a5 6e6f6e6365 01 a1 74 cb7ff8000000000000'), 'schema')).toMatch(/^body\.t:/);
    const badCert = {
      ...samples.hello,
      certs: { ...samples.hello.certs, key: { body: 'x', signature: pattern(64, 0) } },
    };
    expect(dropped(env(1, badCert), 'schema')).toBe('body.certs.key.body: expected bytes(1..1024), got string(1)');
    expect(dropped(env(1, { ...samples.hello, to: 'bad id!' }), 'schema')).toMatch(/^body\.to:/);
    expect(dropped(env(1, { ...samples.hello, sig: pattern(63, 0) }), 'schema')).toMatch(/^body\.sig:/);
    dropped(env(3, { nonce: 1, t: 1 }), 'schema');
    dropped(env(4, null), 'schema');
  });

  it('every WireErrorCode was produced above', () => {
    expect([...seen].sort()).toEqual([...WIRE_ERROR_CODES].sort());
  });
});

describe('registry', () => {
  it('codes are unique, match MessageType and resolve back', () => {
    const codes = Object.values(registry).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, e] of Object.entries(registry)) {
      expect(MessageType[name as MessageName]).toBe(e.code);
      expect(lookupType(e.code)?.name).toBe(name);
    }
    expect(MessageType).toEqual({
      hello: 1,
      ping: 2,
      pong: 3,
      note: 4,
      neoRound: 32,
      neoFetch: 33,
      neoSyncRequest: 34,
      neoSync: 35,
      neoJoin: 36,
      neoWelcome: 37,
      dhtPing: 64,
      dhtPong: 65,
      dhtFindNode: 66,
      dhtNodes: 67,
      dhtFindValue: 68,
      dhtValue: 69,
      dhtStore: 70,
      dhtStored: 71,
      grpObserve: 96,
      grpFeed: 97,
      grpEvent: 98,
    });
  });
});
