import type { ProofVerifier } from '../auth/proof';
import type { Ed25519 } from '../crypto/ed25519';
import { bytesEqual } from '../util/bytes';
import { err, ok, type Result } from '../util/result';
import { decodeValue, encodeCanonical } from '../wire/codec';
import { neoPlaintextSchema } from '../wire/messages/neo-common';
import { chainLinks, chainPrev } from './chain';
import { P, PAYLOAD_LENGTH, ROUND_DOMAIN } from './codec';
import { commitment } from './commit';
import { commitPrefix, NEO_VERSION } from './context';

/** Kinds of NEO cheat proof, as registered with the authority's `registerProofVerifier`. */
export const ProofKind = {
  /** Two different signed round messages from one sender for one (group, epoch, round). */
  Equivocation: 'neo.equivocation',
  /** A signed commitment and a signed reveal of the same sender and round that does not open it. */
  BadReveal: 'neo.bad-reveal',
} as const;
/** One of {@link ProofKind}'s values. */
export type ProofKind = (typeof ProofKind)[keyof typeof ProofKind];

/** A signed round payload exactly as signed (see `signingPayload`) with its signature. */
export interface SignedPayload {
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/** Proof format version (first element of the proof array). */
export const PROOF_VERSION = 1;

/**
 * The bytes of a proof: canonical msgpack `[1, payloadA, sigA, payloadB, sigB]`. For
 * equivocation A and B are the two messages; for a bad reveal A is the commitment's message and
 * B the revealing one.
 */
export function encodeProof(a: SignedPayload, b: SignedPayload): Uint8Array {
  return encodeCanonical([PROOF_VERSION, a.payload, a.signature, b.payload, b.signature]);
}

/** What {@link verifyProof} needs besides the proof. */
export interface ProofCheckOptions {
  /** The game every valid payload names. */
  readonly gameId: string;
  /** The cheater's certified Ed25519 public key. */
  readonly publicKeyOf: (playerId: string) => Uint8Array | undefined;
}

/** A verified proof's verdict: who cheated and a short human reason. */
export interface ProofFinding {
  readonly playerId: string;
  readonly reason: string;
}

type Payload = readonly unknown[];

function parsePayload(bytes: unknown, gameId: string): Result<Payload, string> {
  if (!(bytes instanceof Uint8Array)) return err('payload is not bytes');
  const v = decodeValue(bytes, { maxBytes: 8192, maxDepth: 6 });
  if (!v.ok) return err(`payload: ${v.error.message}`);
  const a = v.value;
  if (!Array.isArray(a) || a.length !== PAYLOAD_LENGTH) return err('payload is not a round payload');
  if (a[P.domain] !== ROUND_DOMAIN || a[P.version] !== NEO_VERSION) return err('payload is not a NEO round payload');
  if (a[P.gameId] !== gameId) return err('payload names another game');
  for (const i of [P.zone, P.cell, P.sender]) if (typeof a[i] !== 'string') return err('payload context is malformed');
  for (const i of [P.epoch, P.round]) {
    if (!Number.isSafeInteger(a[i]) || (a[i] as number) < 0) return err('payload context is malformed');
  }
  // Signatures cover the canonical encoding; a non-canonical payload could not have been signed by us.
  if (!bytesEqual(encodeCanonical(a), bytes)) return err('payload is not canonical');
  return ok(a);
}

const sameContext = (a: Payload, b: Payload): boolean =>
  [P.zone, P.cell, P.epoch, P.sender].every((i) => a[i] === b[i]);

function bytesAt(a: Payload, i: number, len?: number): Uint8Array | undefined {
  const v = a[i];
  return v instanceof Uint8Array && (len === undefined || v.length === len) ? v : undefined;
}

/** Whether the reveal in payload `b` opens the commitment in payload `a` (undefined: `b` reveals nothing for it). */
function revealOpens(a: Payload, b: Payload): boolean | undefined {
  const c = bytesAt(a, P.commit, 16);
  const q = a[P.round] as number;
  const secret = bytesAt(b, P.secret, 16);
  if (c === undefined || secret === undefined) return undefined;
  let key: Uint8Array;
  let text: unknown;
  if (b[P.revealRound] === q) {
    key = secret;
    text = b[P.plaintext];
  } else if (b[P.revealRound] === q + 1 && chainLinks(q)) {
    key = chainPrev(secret);
    text = b[P.echo];
  } else return undefined;
  const plaintext = neoPlaintextSchema.check(text);
  if (!plaintext.ok) return false;
  const prefix = commitPrefix(
    { gameId: a[P.gameId] as string, zone: a[P.zone] as string, cell: a[P.cell] as string },
    a[P.epoch] as number,
  );
  return bytesEqual(commitment(prefix, q, a[P.sender] as string, key, plaintext.value), c);
}

/**
 * Checks a NEO cheat proof (pure apart from signature checks; never throws, never trusts the
 * proof's claims): both payloads parse, name `gameId` and the same zone, cell, epoch and sender,
 * both signatures verify under the sender's key, and either the payloads differ for the same
 * round (equivocation) or B's reveal does not open A's commitment (bad reveal).
 */
export async function verifyProof(
  ed: Ed25519,
  kind: string,
  proof: Uint8Array,
  options: ProofCheckOptions,
): Promise<Result<ProofFinding, string>> {
  try {
    const raw = decodeValue(proof, { maxBytes: 16 * 1024, maxDepth: 3 });
    if (!raw.ok) return err(`not msgpack: ${raw.error.message}`);
    const v = raw.value;
    if (!Array.isArray(v) || v.length !== 5 || v[0] !== PROOF_VERSION) return err('not a NEO proof');
    const sigA = v[2];
    const sigB = v[4];
    if (!(sigA instanceof Uint8Array) || !(sigB instanceof Uint8Array)) return err('signatures are not bytes');
    const a = parsePayload(v[1], options.gameId);
    if (!a.ok) return a;
    const b = parsePayload(v[3], options.gameId);
    if (!b.ok) return b;
    if (!sameContext(a.value, b.value)) return err('payloads name different groups, epochs or senders');
    const sender = a.value[P.sender] as string;
    const round = a.value[P.round] as number;
    let reason: string;
    if (kind === ProofKind.Equivocation) {
      if (b.value[P.round] !== round) return err('payloads are for different rounds');
      if (bytesEqual(v[1] as Uint8Array, v[3] as Uint8Array)) return err('payloads are identical');
      reason = `two different round ${round} messages in epoch ${a.value[P.epoch] as number}`;
    } else if (kind === ProofKind.BadReveal) {
      const opens = revealOpens(a.value, b.value);
      if (opens === undefined) return err('the second payload reveals nothing for the first one');
      if (opens) return err('the reveal opens the commitment');
      reason = `round ${round} reveal does not open its commitment`;
    } else return err(`unknown proof kind ${kind}`);
    const key = options.publicKeyOf(sender);
    if (key === undefined) return err('unknown player');
    const [okA, okB] = await Promise.all([
      ed.verify(key, v[1] as Uint8Array, sigA),
      ed.verify(key, v[3] as Uint8Array, sigB),
    ]);
    if (!okA || !okB) return err('a signature does not verify');
    return ok({ playerId: sender, reason });
  } catch (cause) {
    return err(`unreadable proof: ${String(cause)}`);
  }
}

/**
 * The authority's verifier for `kind`: `server.registerProofVerifier(kind, neoProofVerifier(kind))`
 * for each of {@link ProofKind}'s values. It checks with {@link verifyProof} against the
 * authority's game id and the accounts' registered signing keys.
 */
export function neoProofVerifier(kind: ProofKind): ProofVerifier {
  return async (proof, context) => {
    const r = await verifyProof(context.ed, kind, proof, {
      gameId: context.gameId,
      publicKeyOf: (id) => context.account(id)?.sign,
    });
    return r.ok ? ok(r.value) : err(r.error);
  };
}
