import type { PeerId } from '../transport/transport';
import type { NeoWelcomeBody } from '../wire/messages/neo-welcome';
import { MessageType } from '../wire/types';
import { epochFromWire, epochToWire } from './control-codec';
import type { Core } from './core';
import { NeoDrop } from './counters';
import { epochOf } from './schedule';

/**
 * A peer asks us to relay its join. We propose it as a control operation in our next input; the
 * group decides it through the rounds and we welcome the joiner when the change is scheduled. A
 * peer already admitted to a scheduled or running epoch is welcomed again at once (its welcome was
 * lost, or came too late for the epoch's first round).
 */
export function onJoin(core: Core, from: PeerId): void {
  const schedule = core.schedule;
  const current = epochOf(schedule, core.round);
  const last = schedule[schedule.length - 1]!;
  if (
    current === undefined ||
    !current.members.includes(core.self) ||
    core.localBans.has(from) ||
    core.control.banned.includes(from) ||
    core.opts.membership.publicKeyOf(from) === undefined
  ) {
    core.drop(NeoDrop.Refused, from);
    return;
  }
  if (last.firstRound > core.round && last.members.includes(from) && !current.members.includes(from)) {
    core.send(from, MessageType.neoWelcome, [core.tag, epochToWire(last)]);
    return;
  }
  if (current.members.includes(from)) {
    // Admitted, yet asking again: its welcome was lost or came too late. Welcome it into the
    // newest epoch that keeps it (it enters a running one at its next round).
    if (last.members.includes(from)) core.send(from, MessageType.neoWelcome, [core.tag, epochToWire(last)]);
    return;
  }
  if (core.control.joins.some(([j]) => j === from)) return;
  if (core.pendingOps.some((op) => op[0] === 'j' && op[1] === from)) return;
  core.pendingOps.push(['j', from]);
}

/**
 * A joining peer learns the epoch it joins at. It starts sending at the epoch's first round (or
 * at its next round, when the epoch is already running) and asks a member for a snapshot once
 * the round before the epoch has been decided everywhere.
 */
export function onWelcome(core: Core, from: PeerId, body: NeoWelcomeBody, start: () => void): void {
  if (core.nextApply !== undefined || core.welcomed) return;
  const e = epochFromWire(body[1]);
  if (!e.members.includes(core.self) || !e.members.includes(from)) {
    core.drop(NeoDrop.Refused, from);
    return;
  }
  // An epoch already running (the welcome came late: a busy member, a slow link) is entered at
  // our next round; the rounds we missed count as "none" for us, like any missed round.
  core.welcomed = true;
  core.joinRelay = from;
  core.control = { ...core.control, schedule: [e] };
  core.lastConfirmed = e.firstRound - 1;
  start();
}

/** Joiner without state: asks for a snapshot (its relay first, then other members) once it can exist. */
export function snapshotTick(core: Core): void {
  if (core.nextApply !== undefined || !core.welcomed) return;
  const e = core.schedule[0]!;
  const ready = e.firstRound + e.k + 1;
  if (core.round < ready) return;
  if ((core.round - ready) % (2 * e.k + core.config.giveUpRounds) !== 0) return;
  const others = e.members.filter((m) => m !== core.self);
  const attempt = Math.floor((core.round - ready) / (2 * e.k + core.config.giveUpRounds));
  const target =
    attempt === 0 && core.joinRelay !== undefined ? core.joinRelay : others[core.opts.rng.int(others.length)];
  if (target === undefined) return;
  core.snapshotAsked = target;
  core.send(target, MessageType.neoSyncRequest, [core.tag, 0, 0, true]);
}
