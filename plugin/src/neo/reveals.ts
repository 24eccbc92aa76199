import type { PeerId } from '../transport/transport';
import { bytesEqual } from '../util/bytes';
import type { NeoPlaintext } from '../wire/messages/neo-common';
import { inputOf } from './control';
import type { Core } from './core';
import { echoOpens, revealOpens } from './opens';
import type { StoredMessage } from './round-table';
import { type Epoch, roundStart } from './schedule';

/**
 * A member's input of a round, readable before the round is decided: its revealed key opened
 * the commitment of its signed round message that this member holds. Not authoritative: the
 * decision may still reject it (the commitment reached too few members), in which case a
 * speculative view that showed it rolls back.
 */
export interface RevealedInput {
  readonly epoch: number;
  readonly round: number;
  /** Start of the round on the synchronised clock (the room's `time` for it). */
  readonly time: number;
  /** The epoch's round length R, ms (to place rounds nothing was revealed for yet). */
  readonly roundMs: number;
  /** The epoch's deadline k: keys of round `round` ride in messages of round `round + k`. */
  readonly k: number;
  /** The epoch's members in member order (the room's `members` for the round). */
  readonly members: readonly PeerId[];
  readonly player: PeerId;
  /** The opened plaintext (input, or control operations with input). */
  readonly plaintext: NeoPlaintext;
  /** The room input carried by the plaintext; null when none. */
  readonly input: Uint8Array | null;
}

/**
 * Whether round `q`'s input of member `j` was already shown, and marks it. Per round one byte
 * per member; rounds below the next one to apply are forgotten by `prune` (maintenance).
 */
function firstTime(core: Core, e: Epoch, q: number, j: number): boolean {
  let seen = core.shown.get(q);
  if (seen === undefined) {
    seen = new Uint8Array(e.members.length);
    core.shown.set(q, seen);
  }
  if (seen[j] === 1) return false;
  seen[j] = 1;
  return true;
}

function alreadyShown(core: Core, q: number, j: number): boolean {
  return core.shown.get(q)?.[j] === 1;
}

function show(core: Core, e: Epoch, q: number, j: number, plaintext: NeoPlaintext): void {
  if (!firstTime(core, e, q, j)) return;
  core.counters.revealed++;
  if (!core.events.has('revealed')) return;
  core.events.emit('revealed', {
    epoch: e.epoch,
    round: q,
    time: roundStart(core.schedule, q),
    roundMs: e.roundMs,
    k: e.k,
    members: e.members,
    player: e.members[j]!,
    plaintext,
    input: inputOf(plaintext),
  });
}

/** The commitment member `j` signed for round `q` that we hold (same epoch), if any. */
function heldCommit(core: Core, e: Epoch, q: number, j: number): Uint8Array | null {
  const m = core.table.get(q, j);
  return m === undefined || m.fields.epoch !== e.epoch ? null : m.fields.commit;
}

/**
 * Emits `revealed` for what a newly accepted message lets us read: the key it reveals (round
 * q = revealRound) and its echo (q - 1) opening commitments we hold, or, for a commitment that
 * arrived after its key, that key opening it. Only rounds not yet applied, only commitments
 * held from the member's own signed message, once per (round, member). The direct reveal's
 * hash is the one the decision computes anyway (cached on the message); the echo is hashed only
 * when the direct key has not shown that input yet, as the decision would.
 */
export function noteReveals(core: Core, e: Epoch, m: StoredMessage): void {
  const next = core.nextApply;
  if (next === undefined || core.stopped) return;
  const f = m.fields;
  const j = f.sender;
  if (f.revealRound !== null) {
    const q = f.revealRound;
    if (q >= next && !alreadyShown(core, q, j)) {
      const held = heldCommit(core, e, q, j);
      const opens = held === null ? null : revealOpens(core, m);
      if (held !== null && opens !== null && bytesEqual(held, opens)) show(core, e, q, j, f.plaintext);
    }
    const p = q - 1;
    if (p >= next && p >= e.firstRound && !alreadyShown(core, p, j)) {
      const held = heldCommit(core, e, p, j);
      const opens = held === null ? null : echoOpens(core, m);
      if (held !== null && opens !== null && bytesEqual(held, opens)) show(core, e, p, j, f.echo);
    }
  }
  if (f.commit !== null && f.round >= next && !alreadyShown(core, f.round, j)) {
    const q = f.round;
    const direct = core.table.get(q + e.k, j);
    const opens = direct === undefined || direct.fields.epoch !== e.epoch ? null : revealOpens(core, direct);
    if (direct !== undefined && opens !== null && bytesEqual(f.commit, opens)) {
      show(core, e, q, j, direct.fields.plaintext);
      return;
    }
    const later = core.table.get(q + e.k + 1, j);
    const echo = later === undefined || later.fields.epoch !== e.epoch ? null : echoOpens(core, later);
    if (later !== undefined && echo !== null && bytesEqual(f.commit, echo)) show(core, e, q, j, later.fields.echo);
  }
}
