import { hash32 } from '../crypto/hash';
import { encodeCanonical } from '../wire/codec';

/** The protocol version every NEO signature and hash binds. */
export const NEO_VERSION = 1;

/** What names a group: the game, the zone and the quadtree cell. The epoch comes from the schedule. */
export interface GroupContext {
  readonly gameId: string;
  readonly zone: string;
  readonly cell: string;
}

/** The 32-bit tag that routes messages to a group: the first 4 bytes of its hash, big-endian. */
export function groupTag(ctx: GroupContext): number {
  const h = hash32(encodeCanonical(['neo-group', NEO_VERSION, ctx.gameId, ctx.zone, ctx.cell]));
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

/**
 * 32 bytes that bind a commitment to (game, zone, cell, epoch): hashed once per epoch and
 * prefixed to every commitment, so a commitment of one group or epoch opens nowhere else.
 */
export function commitPrefix(ctx: GroupContext, epoch: number): Uint8Array {
  return hash32(encodeCanonical(['neo-commit', NEO_VERSION, ctx.gameId, ctx.zone, ctx.cell, epoch]));
}
