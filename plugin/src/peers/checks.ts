/**
 * The handshake's checks as pure async functions: what a received hello or note must satisfy
 * before anything is believed. Cheap checks run first, signatures last.
 */
import { AuthErrorCode, verifyPlayerCerts } from '../auth';
import type { Ed25519 } from '../crypto';
import type { PeerId } from '../transport/transport';
import { err, ok, type Result } from '../util/result';
import type { Hello, Note } from '../wire';
import { helloSigningBytes, noteSigningBytes } from './signing';
import { HelloRefusal, NoteDrop, type VerifiedPeer } from './types';

/** What the checks compare against. */
export interface CheckContext {
  readonly ed: Ed25519;
  readonly gameId: string;
  readonly authorityKey: Uint8Array;
  /** Our id: the only acceptable `to`. */
  readonly selfId: PeerId;
  /** Our clock now. */
  readonly now: number;
  readonly maxSkewMs: number;
}

/**
 * Checks a hello that arrived over the link from `from`: addressed to us, fresh, certificates
 * valid under the pinned authority key and naming `from`, signed by the certified key.
 */
export async function checkHello(
  ctx: CheckContext,
  from: PeerId,
  hello: Hello,
): Promise<Result<VerifiedPeer, HelloRefusal>> {
  if (hello.to !== ctx.selfId) return err(HelloRefusal.WrongRecipient);
  if (Math.abs(hello.at - ctx.now) > ctx.maxSkewMs) return err(HelloRefusal.Stale);
  const player = await verifyPlayerCerts(ctx.ed, ctx.authorityKey, hello.certs, ctx.now);
  if (!player.ok) {
    return err(player.error.code === AuthErrorCode.Expired ? HelloRefusal.CertExpired : HelloRefusal.BadCert);
  }
  if (player.value.id !== from) return err(HelloRefusal.WrongSender);
  const signed = helloSigningBytes(ctx.gameId, from, ctx.selfId, hello.at);
  if (!(await ctx.ed.verify(player.value.sign, signed, hello.sig))) return err(HelloRefusal.BadSignature);
  const { id, name, sign, box, expires } = player.value;
  return ok({ id, name, sign, box, expires, verifiedAt: ctx.now });
}

/** Checks a note from the verified peer `sender`: fresh and signed for us by its key. */
export async function checkNote(ctx: CheckContext, sender: VerifiedPeer, note: Note): Promise<Result<void, NoteDrop>> {
  if (Math.abs(note.at - ctx.now) > ctx.maxSkewMs) return err(NoteDrop.Stale);
  const signed = noteSigningBytes(ctx.gameId, sender.id, ctx.selfId, note.at, note.text);
  if (!(await ctx.ed.verify(sender.sign, signed, note.sig))) return err(NoteDrop.BadSignature);
  return ok(undefined);
}
