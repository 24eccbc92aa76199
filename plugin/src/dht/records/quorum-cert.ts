import { type Cert, playerIdFromSignKey, verifyCert } from '../../auth';
import type { Ed25519 } from '../../crypto';
import type { PeerId } from '../../transport/transport';
import { err, ok, type Result } from '../../util/result';
import { encodeCanonical, type Infer, s } from '../../wire';
import { certSchema, peerIdSchema, signatureSchema } from '../../wire/messages/common';

/** Most members of a group a quorum certificate can name. */
export const QC_MAX_MEMBERS = 64;

/** One member's vote: its index in the member list, its identity certificate, its signature. */
export interface QuorumVote {
  readonly index: number;
  /** The member's identity certificate `{t:"pk", id, name, sign, box}`, so the vote checks offline. */
  readonly identity: Cert;
  readonly sig: Uint8Array;
}

/**
 * A quorum certificate: signatures of a strict majority of a group over one payload digest.
 * `members` is the group's sorted member list (the groups layer supplies it) and is itself
 * signed, so a minority cannot present a smaller group.
 */
export interface QuorumCertificate {
  readonly members: readonly PeerId[];
  readonly votes: readonly QuorumVote[];
}

/** Wire form: `[members, [[index, identity, sig], ...]]`, votes in ascending index order. */
export const quorumCertificateSchema = s.tuple([
  s.array(peerIdSchema, { min: 1, max: QC_MAX_MEMBERS }),
  s.array(s.tuple([s.uint({ max: QC_MAX_MEMBERS - 1 }), certSchema, signatureSchema]), { max: QC_MAX_MEMBERS }),
]);
/** A quorum certificate on the wire. */
export type QuorumCertificateWire = Infer<typeof quorumCertificateSchema>;

/** Why a quorum certificate was refused. */
export const QuorumErrorCode = {
  /** Members unsorted or repeated, votes unsorted, repeated or out of range. */
  Malformed: 'malformed',
  /** Fewer than a strict majority of the members voted validly. */
  NoMajority: 'no-majority',
  /** A vote's identity certificate does not verify or names another member. */
  BadCert: 'bad-cert',
  /** A vote's signature does not verify. */
  BadSignature: 'bad-signature',
} as const;
/** One of {@link QuorumErrorCode}'s values. */
export type QuorumErrorCode = (typeof QuorumErrorCode)[keyof typeof QuorumErrorCode];

export function quorumToWire(qc: QuorumCertificate): QuorumCertificateWire {
  return [qc.members, qc.votes.map((v) => [v.index, v.identity, v.sig] as const)];
}

export function quorumFromWire(w: QuorumCertificateWire): QuorumCertificate {
  return { members: w[0], votes: w[1].map(([index, identity, sig]) => ({ index, identity, sig })) };
}

/** The bytes each member signs: `["qc", purpose, members, digest]`, canonically encoded. */
export function quorumSigningBytes(purpose: string, members: readonly PeerId[], digest: Uint8Array): Uint8Array {
  return encodeCanonical(['qc', purpose, members, digest]);
}

/** The strict-majority threshold of a group of `size`. */
export function quorumThreshold(size: number): number {
  return Math.floor(size / 2) + 1;
}

/** A member's vote on `digest` for the group `members` (sorted). */
export async function signQuorumVote(
  signer: { sign(message: Uint8Array): Promise<Uint8Array> },
  identity: Cert,
  members: readonly PeerId[],
  index: number,
  purpose: string,
  digest: Uint8Array,
): Promise<QuorumVote> {
  return { index, identity, sig: await signer.sign(quorumSigningBytes(purpose, members, digest)) };
}

/** Puts votes in canonical order (ascending index, one per member). */
export function assembleQuorumCertificate(members: readonly PeerId[], votes: readonly QuorumVote[]): QuorumCertificate {
  const byIndex = new Map<number, QuorumVote>();
  for (const v of votes) if (!byIndex.has(v.index)) byIndex.set(v.index, v);
  return { members: [...members], votes: [...byIndex.values()].sort((a, b) => a.index - b.index) };
}

/** Checks the shape: sorted unique members, sorted unique in-range votes, a majority of votes. */
export function checkQuorumShape(qc: QuorumCertificate): Result<void, QuorumErrorCode> {
  const m = qc.members;
  for (let i = 1; i < m.length; i++) if (!(m[i - 1]! < m[i]!)) return err(QuorumErrorCode.Malformed);
  let last = -1;
  for (const v of qc.votes) {
    if (v.index <= last || v.index >= m.length) return err(QuorumErrorCode.Malformed);
    last = v.index;
  }
  return qc.votes.length >= quorumThreshold(m.length) ? ok(undefined) : err(QuorumErrorCode.NoMajority);
}

/**
 * Verifies a quorum certificate offline: shape, then per vote the identity certificate against
 * the authority key (it must name the member at that index, and the id must derive from its
 * key) and the signature over {@link quorumSigningBytes}. A strict majority of the members must
 * pass; bans are checked separately.
 */
export async function verifyQuorumCertificate(
  ed: Ed25519,
  authorityKey: Uint8Array,
  qc: QuorumCertificate,
  purpose: string,
  digest: Uint8Array,
): Promise<Result<void, QuorumErrorCode>> {
  const shape = checkQuorumShape(qc);
  if (!shape.ok) return shape;
  const message = quorumSigningBytes(purpose, qc.members, digest);
  const checks = qc.votes.map(async (v): Promise<QuorumErrorCode | undefined> => {
    const identity = await verifyCert(ed, authorityKey, v.identity, { now: 0, expect: 'pk' });
    if (!identity.ok) return QuorumErrorCode.BadCert;
    const id = identity.value.id;
    if (id !== qc.members[v.index] || playerIdFromSignKey(identity.value.sign) !== id) return QuorumErrorCode.BadCert;
    return (await ed.verify(identity.value.sign, message, v.sig)) ? undefined : QuorumErrorCode.BadSignature;
  });
  for (const failure of await Promise.all(checks)) if (failure !== undefined) return err(failure);
  return ok(undefined);
}
