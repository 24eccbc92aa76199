import type { WireErrorCode } from './errors';
import type { WireLimits } from './limits';
import { isWellFormedUtf8 } from './utf8';

/** Why {@link scan} rejected the bytes and at which offset. */
export interface ScanFailure {
  readonly code: Extract<WireErrorCode, 'malformed' | 'too-deep' | 'limit' | 'unsupported'>;
  readonly at: number;
  readonly reason: string;
}

const keyDecoder = new TextDecoder();

function fail(code: ScanFailure['code'], at: number, reason: string): ScanFailure {
  return { code, at, reason };
}

/** Big-endian unsigned read of 1, 2 or 4 bytes; the caller has checked the bounds. */
function readUint(bytes: Uint8Array, pos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + bytes[pos + i]!;
  return v;
}

/** Payload width of the fixed-size scalars (numbers); -1 for other head bytes. */
function fixedWidth(b: number): number {
  switch (b) {
    case 0xcc:
    case 0xd0:
      return 1;
    case 0xcd:
    case 0xd1:
      return 2;
    case 0xca:
    case 0xce:
    case 0xd2:
      return 4;
    case 0xcb:
    case 0xcf:
    case 0xd3:
      return 8;
    default:
      return -1;
  }
}

/**
 * One linear, iterative pass over msgpack bytes that enforces the wire subset and the limits
 * before the real decoder allocates anything. This is what makes depth bombs cheap to reject
 * (the decoder would otherwise pre-allocate every claimed array) and keeps decoding O(n).
 * Returns `undefined` when the bytes hold exactly one acceptable value.
 */
export function scan(bytes: Uint8Array, limits: WireLimits): ScanFailure | undefined {
  const n = bytes.length;
  // Frame 0 is a virtual root expecting one item; frame d (d >= 1) is an open container at depth d.
  // A map frame counts keys and values separately, so an even count means "a key comes next".
  const remaining: number[] = [1];
  const isMap: boolean[] = [false];
  const keys: (Set<string> | undefined)[] = [undefined];
  let top = 0;
  let pos = 0;
  for (;;) {
    while (top > 0 && remaining[top] === 0) top--;
    if (top === 0 && remaining[0] === 0) break;
    const atKey = isMap[top] === true && remaining[top]! % 2 === 0;
    remaining[top]!--;
    if (pos >= n) return fail('malformed', pos, 'truncated');
    const at = pos;
    const b = bytes[pos++]!;
    let strLen = -1;
    let binLen = -1;
    let kind: 'scalar' | 'array' | 'map' = 'scalar';
    let size = 0;
    let width = 0; // bytes of a length field still to read
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) {
      // fixints, nil and booleans carry no payload
    } else if (b <= 0x8f) {
      kind = 'map';
      size = b & 0x0f;
    } else if (b <= 0x9f) {
      kind = 'array';
      size = b & 0x0f;
    } else if (b <= 0xbf) {
      strLen = b & 0x1f;
    } else if (b === 0xc1) {
      return fail('malformed', at, 'reserved byte 0xc1');
    } else if ((b >= 0xc7 && b <= 0xc9) || (b >= 0xd4 && b <= 0xd8)) {
      return fail('unsupported', at, 'extension type');
    } else if (b >= 0xc4 && b <= 0xc6) {
      width = 1 << (b - 0xc4);
    } else if (b >= 0xd9 && b <= 0xdb) {
      width = 1 << (b - 0xd9);
    } else if (b >= 0xdc) {
      kind = b <= 0xdd ? 'array' : 'map';
      width = b % 2 === 0 ? 2 : 4;
    } else {
      const w = fixedWidth(b);
      if (pos + w > n) return fail('malformed', at, 'truncated number');
      pos += w;
    }
    if (atKey && strLen < 0 && !(b >= 0xd9 && b <= 0xdb)) return fail('unsupported', at, 'map key is not a string');
    if (width > 0) {
      if (pos + width > n) return fail('malformed', at, 'truncated length');
      const len = readUint(bytes, pos, width);
      pos += width;
      if (kind !== 'scalar') size = len;
      else if (b <= 0xc6) binLen = len;
      else strLen = len;
    }
    if (binLen >= 0) {
      if (binLen > limits.maxBinLength) return fail('limit', at, `bin length ${binLen} > ${limits.maxBinLength}`);
      if (binLen > n - pos) return fail('malformed', at, 'truncated bin');
      pos += binLen;
    } else if (strLen >= 0) {
      if (strLen > limits.maxStrLength) return fail('limit', at, `str length ${strLen} > ${limits.maxStrLength}`);
      if (strLen > n - pos) return fail('malformed', at, 'truncated str');
      if (!isWellFormedUtf8(bytes, pos, pos + strLen)) return fail('malformed', at, 'invalid UTF-8');
      if (atKey) {
        const key = keyDecoder.decode(bytes.subarray(pos, pos + strLen));
        if (key === '__proto__') return fail('unsupported', at, 'map key __proto__');
        let seen = keys[top];
        if (seen === undefined) {
          seen = new Set();
          keys[top] = seen;
        }
        if (seen.has(key)) return fail('unsupported', at, 'duplicate map key');
        seen.add(key);
      }
      pos += strLen;
    } else if (kind !== 'scalar') {
      if (top + 1 > limits.maxDepth) return fail('too-deep', at, `nesting deeper than ${limits.maxDepth}`);
      const max = kind === 'map' ? limits.maxMapLength : limits.maxArrayLength;
      if (size > max) return fail('limit', at, `${kind} length ${size} > ${max}`);
      const items = kind === 'map' ? size * 2 : size;
      // Every item takes at least one byte: reject impossible claims before anything is allocated.
      if (items > n - pos) return fail('malformed', at, `truncated ${kind}`);
      if (items > 0) {
        top++;
        remaining[top] = items;
        isMap[top] = kind === 'map';
        keys[top] = undefined;
      }
    }
  }
  if (pos !== n) return fail('malformed', pos, `${n - pos} trailing bytes`);
  return undefined;
}
