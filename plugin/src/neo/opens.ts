import { chainLinks, chainPrev } from './chain';
import { commitment } from './commit';
import type { Core } from './core';
import type { StoredMessage } from './round-table';
import { epochOf } from './schedule';

/** The commitment a message's reveal opens (computed once, on first need); null without a reveal. */
export function revealOpens(core: Core, m: StoredMessage): Uint8Array | null {
  if (m.revealOpens === undefined) {
    const f = m.fields;
    m.revealOpens =
      f.secret !== null && f.revealRound !== null
        ? commitment(core.prefix(f.epoch), f.revealRound, f.senderId, f.secret, f.plaintext)
        : null;
  }
  return m.revealOpens;
}

/** The commitment a message's echo opens (computed once, on first need); null without a usable echo. */
export function echoOpens(core: Core, m: StoredMessage): Uint8Array | null {
  if (m.echoOpens === undefined) {
    const f = m.fields;
    const q = f.revealRound === null ? -1 : f.revealRound - 1;
    const e = epochOf(core.schedule, f.round);
    if (f.secret !== null && e !== undefined && q >= e.firstRound && chainLinks(q)) {
      m.echoSecret = chainPrev(f.secret);
      m.echoOpens = commitment(core.prefix(f.epoch), q, f.senderId, m.echoSecret, f.echo);
    } else m.echoOpens = null;
  }
  return m.echoOpens;
}
