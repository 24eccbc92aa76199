import { type Cert, MAX_BAN_REASON_LENGTH } from '../auth';
import type { AuthorityContext } from './context';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` cut to at most `max` UTF-16 units without splitting a character, lone surrogates replaced. */
export function clipReason(text: string, max = MAX_BAN_REASON_LENGTH): string {
  let out = '';
  for (const ch of text.replace(LONE_SURROGATE, '\uFFFD')) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** The result of {@link banPlayer}: the ban certificate, and whether this call created it. */
export interface BanOutcome {
  readonly cert: Cert;
  readonly created: boolean;
}

/**
 * Bans `playerId`: signs `{t:"ban", id, reason, at}`, stores it (with the proof, if any) and
 * drops the player's signalling connection. A player already banned keeps its first ban.
 */
export async function banPlayer(
  ctx: AuthorityContext,
  playerId: string,
  reason: string,
  proof?: { readonly kind: string; readonly bytes: Uint8Array },
): Promise<BanOutcome> {
  const existing = ctx.db.banById(playerId);
  if (existing) return { cert: existing.cert, created: false };
  const at = ctx.clock.now();
  const text = clipReason(reason);
  const cert = await ctx.issue({ t: 'ban', id: playerId, reason: text, at });
  // Signing yielded: another request may have banned the player meanwhile.
  const outcome = ctx.db.transaction((): BanOutcome => {
    const raced = ctx.db.banById(playerId);
    if (raced) return { cert: raced.cert, created: false };
    ctx.db.insertBan({ id: playerId, reason: text, at, cert }, proof);
    return { cert, created: true };
  });
  if (outcome.created) {
    ctx.logger.info(`banned ${playerId}: ${text}`);
    ctx.signalling.kick(playerId, 'banned');
    ctx.dht?.publishBan(cert, { t: 'ban', id: playerId, reason: text, at });
  }
  return outcome;
}
