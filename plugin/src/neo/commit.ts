import { hash32 } from '../crypto/hash';
import { encodeCanonical } from '../wire/codec';
import type { NeoPlaintext } from '../wire/messages/neo-common';

/** Bytes of a commitment. */
export const COMMIT_BYTES = 16;

const encoder = new TextEncoder();

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
  const id = encoder.encode(sender);
  const body = encodeCanonical(plaintext);
  const buf = new Uint8Array(prefix.length + 8 + 1 + id.length + secret.length + body.length);
  let o = 0;
  buf.set(prefix, o);
  o += prefix.length;
  const view = new DataView(buf.buffer);
  view.setUint32(o, Math.floor(round / 0x1_0000_0000));
  view.setUint32(o + 4, round >>> 0);
  o += 8;
  buf[o++] = id.length;
  buf.set(id, o);
  o += id.length;
  buf.set(secret, o);
  o += secret.length;
  buf.set(body, o);
  return hash32(buf).subarray(0, COMMIT_BYTES);
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
