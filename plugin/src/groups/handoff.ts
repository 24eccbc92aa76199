/**
 * Handoff certificates: the members of the group an entity leaves sign its final state and
 * where it goes; the group it enters checks the signatures before adopting it. So no player can
 * bring in an entity its old group did not let go, and each certificate moves one hop only.
 */

import type { Ed25519 } from '../crypto/ed25519';
import { hash32 } from '../crypto/hash';
import { majority } from '../neo/schedule';
import type { PeerId } from '../transport/transport';
import { encodeCanonical } from '../wire/codec';
import type { Arrival, Outgoing } from './cell-state';
import { HANDOFF_MAX_AGE_MS } from './cell-state';

/** What the members of the old group sign for a handoff. */
export interface HandoffClaim {
  readonly gameId: string;
  readonly zone: string;
  /** The cell the entity leaves, and that group's id. */
  readonly from: string;
  readonly gid: string;
  readonly player: PeerId;
  readonly hop: number;
  /** The cell it enters. */
  readonly to: string;
  readonly x: number;
  readonly y: number;
  readonly data: Uint8Array;
  /** Round time of the decision in the old group. */
  readonly time: number;
  /** The old group's members (sorted): a majority of them must sign. */
  readonly members: readonly PeerId[];
}

/** The bytes each member signs: `canonical(["grp-handoff", 1, gameId, zone, from, gid, player, hop, to, x, y, data, time, members])`. */
export function handoffSigningBytes(c: HandoffClaim): Uint8Array {
  return encodeCanonical([
    'grp-handoff',
    1,
    c.gameId,
    c.zone,
    c.from,
    c.gid,
    c.player,
    c.hop,
    c.to,
    c.x,
    c.y,
    c.data,
    c.time,
    [...c.members],
  ]);
}

/** A digest naming one claim (for logs and counters). */
export function handoffDigest(c: HandoffClaim): Uint8Array {
  return hash32(handoffSigningBytes(c));
}

/** The claim an outgoing handoff of `player` stands for. */
export function claimOfOutgoing(
  o: Outgoing,
  where: { gameId: string; zone: string; from: string; gid: string; player: PeerId },
): HandoffClaim {
  return { ...where, hop: o.hop, to: o.to, x: o.x, y: o.y, data: o.data, time: o.time, members: o.members };
}

/** The claim an arrival carries (`to` is the group that received it). */
export function claimOfArrival(
  a: Arrival,
  where: { gameId: string; zone: string; to: string; player: PeerId },
): HandoffClaim {
  return {
    gameId: where.gameId,
    zone: where.zone,
    from: a.from,
    gid: a.gid,
    player: where.player,
    hop: a.hop,
    to: where.to,
    x: a.x,
    y: a.y,
    data: a.data,
    time: a.time,
    members: a.members,
  };
}

/** Why an arriving handoff was refused. */
export type HandoffRefusal = 'malformed' | 'stale' | 'no-majority' | 'unknown-key' | 'bad-signature';

/**
 * Checks an arrival: members sorted and naming the player, signature indices ascending and in
 * range, not older than {@link HANDOFF_MAX_AGE_MS} at `now`, and valid signatures of a strict
 * majority of the named members (keys from `keyOf`, e.g. the session's certified keys or DHT
 * certificate records).
 */
export async function checkHandoff(
  ed: Ed25519,
  claim: HandoffClaim,
  sigs: readonly (readonly [number, Uint8Array])[],
  now: number,
  keyOf: (id: PeerId) => Promise<Uint8Array | undefined>,
): Promise<HandoffRefusal | undefined> {
  const m = claim.members;
  for (let i = 1; i < m.length; i++) if (!(m[i - 1]! < m[i]!)) return 'malformed';
  if (!m.includes(claim.player)) return 'malformed';
  let last = -1;
  for (const [i] of sigs) {
    if (i <= last || i >= m.length) return 'malformed';
    last = i;
  }
  if (now - claim.time > HANDOFF_MAX_AGE_MS) return 'stale';
  if (sigs.length < majority(m.length)) return 'no-majority';
  const message = handoffSigningBytes(claim);
  const checks = await Promise.all(
    sigs.map(async ([i, sig]): Promise<HandoffRefusal | undefined> => {
      const key = await keyOf(m[i]!);
      if (key === undefined) return 'unknown-key';
      return (await ed.verify(key, message, sig)) ? undefined : 'bad-signature';
    }),
  );
  return checks.find((c) => c !== undefined);
}
