import type { Ed25519 } from '../crypto/ed25519';
import type { PeerId } from '../transport/transport';
import { encodeCanonical } from '../wire/codec';
import { encodeMessage, WIRE_VERSION } from '../wire/envelope';
import type { NeoPlaintext } from '../wire/messages/neo-common';
import type { NeoRoundBody } from '../wire/messages/neo-round';
import { encodeRoundBody } from '../wire/messages/neo-round-layout';
import { MessageType } from '../wire/types';
import { type GroupContext, NEO_VERSION } from './context';

/** The domain tag that starts every signed NEO round payload. */
export const ROUND_DOMAIN = 'neo-round';

/** A round message with everything the wire leaves implicit filled in (full round, epoch, ids). */
export interface RoundFields {
  readonly epoch: number;
  readonly round: number;
  /** Sender index in the epoch's member list, and its id. */
  readonly sender: number;
  readonly senderId: PeerId;
  /** Commitment to this round's plaintext, or null (not committing this round). */
  readonly commit: Uint8Array | null;
  /** Vote digest of the sender's previous-round commitment (0: none). */
  readonly prev: number;
  /** The round whose state hash is reported, and the first 8 bytes of it. */
  readonly reportRound: number | null;
  readonly report: Uint8Array | null;
  /** The round revealed and voted on (round - k), or null. */
  readonly revealRound: number | null;
  readonly secret: Uint8Array | null;
  readonly plaintext: NeoPlaintext;
  readonly votes: Uint8Array | null;
  /** The revealed plaintext of revealRound - 1 (its secret follows from `secret`), and the votes on it. */
  readonly echo: NeoPlaintext;
  readonly echoVotes: Uint8Array | null;
}

/** Positions in the signed payload array, shared with the proof verifier. */
export const P = {
  domain: 0,
  version: 1,
  gameId: 2,
  zone: 3,
  cell: 4,
  epoch: 5,
  round: 6,
  sender: 7,
  commit: 8,
  prev: 9,
  reportRound: 10,
  report: 11,
  revealRound: 12,
  secret: 13,
  plaintext: 14,
  votes: 15,
  echo: 16,
  echoVotes: 17,
} as const;
/** Length of the signed payload array. */
export const PAYLOAD_LENGTH = 18;

/**
 * The bytes a round message's signature covers: the canonical msgpack array
 * `["neo-round", 1, gameId, zone, cell, epoch, round, senderId, commit, prev, reportRound,
 * report, revealRound, secret, plaintext, votes, echo, echoVotes]`. It binds the whole context
 * (no replay into another group, epoch or round) and the deadline k (through revealRound).
 */
export function signingPayload(ctx: GroupContext, f: RoundFields): Uint8Array {
  return encodeCanonical([
    ROUND_DOMAIN,
    NEO_VERSION,
    ctx.gameId,
    ctx.zone,
    ctx.cell,
    f.epoch,
    f.round,
    f.senderId,
    f.commit,
    f.prev,
    f.reportRound,
    f.report,
    f.revealRound,
    f.secret,
    f.plaintext,
    f.votes,
    f.echo,
    f.echoVotes,
  ]);
}

/** Positions in the `neoRound` wire body. */
export const B = {
  tag: 0,
  epoch: 1,
  round: 2,
  sender: 3,
  commit: 4,
  prev: 5,
  report: 6,
  secret: 7,
  plaintext: 8,
  votes: 9,
  echo: 10,
  echoVotes: 11,
  sig: 12,
} as const;

/** The wire body of a signed round message. */
export function toBody(tag: number, f: RoundFields, sig: Uint8Array): NeoRoundBody {
  return [
    tag,
    f.epoch,
    f.round & 0xffff,
    f.sender,
    f.commit,
    f.prev,
    f.report,
    f.secret,
    f.plaintext,
    f.votes,
    f.echo,
    f.echoVotes,
    sig,
  ];
}

/**
 * The wire bytes of a round message: the envelope around the packed body. Throws on a body that
 * cannot be packed (a bug in local code, like `encodeMessage`); received bodies always can.
 */
export function encodeRound(body: NeoRoundBody): Uint8Array {
  const packed = encodeRoundBody(body);
  if (!packed.ok) throw new RangeError(`neoRound body: bad ${packed.error}`);
  const p = packed.value;
  // Nearly every body is under 256 bytes: its envelope, `[1, 32, bin8]`, is written directly
  // (the bytes `encodeMessage` gives, a test checks) instead of validated and re-encoded.
  if (p.length >= 0x100) return encodeMessage(MessageType.neoRound, p);
  const out = new Uint8Array(5 + p.length);
  out[0] = 0x93;
  out[1] = WIRE_VERSION;
  out[2] = MessageType.neoRound;
  out[3] = 0xc4;
  out[4] = p.length;
  out.set(p, 5);
  return out;
}

/**
 * The packed body when `data` is exactly a `neoRound` envelope `[1, 32, bin]` written with a
 * fixarray, two positive fixints and a bin8 or bin16 header; undefined for anything else, which
 * then goes through the general decoder. Round messages are nearly all the traffic; for these bytes `decodeMessage`
 * would return the same body, so the msgpack decoder is skipped, not the checks (the layout
 * parser checks the length bounds and copies).
 */
export function roundBodyOf(data: Uint8Array): Uint8Array | undefined {
  if (data.length < 5 || data[0] !== 0x93 || data[1] !== WIRE_VERSION || data[2] !== MessageType.neoRound)
    return undefined;
  if (data[3] === 0xc4 && data[4] === data.length - 5) return data.subarray(5);
  if (data[3] === 0xc5 && data.length >= 6 && ((data[4]! << 8) | data[5]!) === data.length - 6) return data.subarray(6);
  return undefined;
}

/** What the receiver derives from its schedule to complete a body into {@link RoundFields}. */
export interface ImpliedFields {
  readonly epoch: number;
  readonly round: number;
  readonly senderId: PeerId;
  readonly reportRound: number | null;
  readonly revealRound: number | null;
}

/** Completes a received body with the implied fields. */
export function fromBody(body: NeoRoundBody, implied: ImpliedFields): RoundFields {
  return {
    epoch: implied.epoch,
    round: implied.round,
    sender: body[B.sender],
    senderId: implied.senderId,
    commit: body[B.commit],
    prev: body[B.prev],
    reportRound: body[B.report] === null ? null : implied.reportRound,
    report: body[B.report],
    revealRound: implied.revealRound,
    secret: body[B.secret],
    plaintext: body[B.plaintext],
    votes: body[B.votes],
    echo: body[B.echo],
    echoVotes: body[B.echoVotes],
  };
}

/** Whether `sig` is `publicKey`'s signature of the message `f` (never rejects). */
export async function verifyRound(
  ed: Ed25519,
  publicKey: Uint8Array,
  ctx: GroupContext,
  f: RoundFields,
  sig: Uint8Array,
): Promise<boolean> {
  try {
    return await ed.verify(publicKey, signingPayload(ctx, f), sig);
  } catch {
    return false;
  }
}
