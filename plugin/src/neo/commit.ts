import { sha512 } from '../crypto/hash';
import { encodeCanonical } from '../wire/codec';
import type { NeoPlaintext } from '../wire/messages/neo-common';

/** Bytes of a commitment. */
export const COMMIT_BYTES = 16;

const encoder = new TextEncoder();
/** Encoded peer ids (a group has few members; bounded so a stream of strangers cannot grow it). */
const ids = new Map<string, Uint8Array>();

function idBytes(id: string): Uint8Array {
  let b = ids.get(id);
  if (b === undefined) {
    if (ids.size >= 1024) ids.clear();
    b = encoder.encode(id);
    ids.set(id, b);
  }
  return b;
}

let scratchBuffer = new Uint8Array(512);

/**
 * A view of `length` bytes of a reused buffer. Commitments are hashed at a rate of one per
 * member per round, and a fresh buffer of more than 64 bytes lives outside V8's heap, several
 * times dearer to allocate and collect than the hash input is to fill. Callers hash the view at
 * once and keep nothing of it.
 */
export function scratch(length: number): Uint8Array {
  if (length > scratchBuffer.length) scratchBuffer = new Uint8Array(Math.max(length, 2 * scratchBuffer.length));
  return scratchBuffer.subarray(0, length);
}

/** Length of the canonical msgpack header of a plaintext that is nil or bytes (-1: other). */
function headerLength(p: NeoPlaintext): number {
  if (p === null) return 1;
  if (!(p instanceof Uint8Array)) return -1;
  return p.length < 0x100 ? 2 : p.length < 0x1_0000 ? 3 : 5;
}

/**
 * The commitment to a round's plaintext: the first 16 bytes of
 * hash32(prefix || round (u64 BE) || len(sender) || sender || secret || canonical(plaintext)).
 * Hiding (the 128-bit secret is random) and binding (opening it two ways needs a 128-bit hash
 * collision). `prefix` binds game, zone, cell and epoch ({@link commitPrefix}).
 */
export function commitment(
  prefix: Uint8Array,
  round: number,
  sender: string,
  secret: Uint8Array,
  plaintext: NeoPlaintext,
): Uint8Array {
  const id = idBytes(sender);
  // Every member checks about one commitment per member per round: nil and bytes plaintexts (all
  // but control operations) get their canonical msgpack form written in place.
  const header = headerLength(plaintext);
  const body = header < 0 ? encodeCanonical(plaintext) : undefined;
  const plainLength = body?.length ?? header + (plaintext instanceof Uint8Array ? plaintext.length : 0);
  const buf = scratch(prefix.length + 8 + 1 + id.length + secret.length + plainLength);
  let o = 0;
  buf.set(prefix, o);
  o += prefix.length;
  const hi = Math.floor(round / 0x1_0000_0000);
  const lo = round >>> 0;
  buf[o] = hi >>> 24;
  buf[o + 1] = (hi >>> 16) & 0xff;
  buf[o + 2] = (hi >>> 8) & 0xff;
  buf[o + 3] = hi & 0xff;
  buf[o + 4] = lo >>> 24;
  buf[o + 5] = (lo >>> 16) & 0xff;
  buf[o + 6] = (lo >>> 8) & 0xff;
  buf[o + 7] = lo & 0xff;
  o += 8;
  buf[o++] = id.length;
  buf.set(id, o);
  o += id.length;
  buf.set(secret, o);
  o += secret.length;
  if (body !== undefined) buf.set(body, o);
  else if (plaintext === null) buf[o] = 0xc0;
  else {
    const p = plaintext as Uint8Array;
    if (header === 2) buf[o++] = 0xc4;
    else if (header === 3) buf[o++] = 0xc5;
    else buf[o++] = 0xc6;
    for (let i = header - 2; i >= 0; i--) buf[o++] = (p.length >>> (8 * i)) & 0xff;
    buf.set(p, o);
  }
  return sha512(buf).slice(0, COMMIT_BYTES);
}

/**
 * The one-byte vote digest of a commitment, in 1..255 (0 means "not received in time"). Short on
 * purpose: a collision only lets an equivocating sender through the vote, after which the
 * revealed key opens the commitment at some members and not at others, the state hashes split,
 * the minority repairs, and the two signed messages prove the equivocation.
 */
export function voteDigest(c: Uint8Array): number {
  return (c[0]! % 255) + 1;
}
