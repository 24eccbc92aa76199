import { hash32 } from '../crypto/hash';
import { concatBytes } from '../util/bytes';
import { MessageType } from '../wire/types';
import { checkRound } from './confirmer';
import { applyControl, type ControlState, inputOf, type ScheduledChange } from './control';
import { controlHash, epochToWire } from './control-codec';
import type { Core } from './core';
import { NeoError, NeoErrorCode } from './errors';
import type { DecisionRecord } from './events';
import type { DecidedRound } from './replicated-state';
import { epochOf, roundStart } from './schedule';

/** The hash members report and compare: hash32(room hash || control hash). */
export function combinedHash(roomHash: Uint8Array, control: ControlState): Uint8Array {
  return hash32(concatBytes(roomHash, controlHash(control)));
}

const applying = new WeakSet<Core>();

/**
 * Puts state and control state back to right after `round` (kept in the rewind window), so the
 * rounds after it can be applied again; false when `round` is out of reach.
 */
export function rewindTo(core: Core, round: number): boolean {
  const at = core.history.get(round);
  if (at === undefined || !core.opts.state.rewind(round)) return false;
  core.control = at.control;
  for (const q of [...core.history.keys()]) if (q > round) core.history.delete(q);
  core.nextApply = round + 1;
  return true;
}

/** The room's view of a decided round. */
export function toDecidedRound(core: Core, rec: DecisionRecord): DecidedRound {
  const schedule = core.schedule;
  const q = rec.round;
  const e = epochOf(schedule, q)!;
  const prev = epochOf(schedule, q - 1);
  const boundary = e.firstRound === q && prev !== undefined && prev !== e;
  return {
    epoch: e.epoch,
    round: q,
    time: roundStart(schedule, q),
    joined: boundary ? e.members.filter((m) => !prev.members.includes(m)) : [],
    left: boundary ? prev.members.filter((m) => !e.members.includes(m)) : [],
    inputs: e.members.map((player, i) => ({
      player,
      input: rec.accepted[i] ? inputOf(rec.plaintexts[i] ?? null) : null,
    })),
    seed: rec.seed,
    final: !rec.givenUp,
  };
}

/** Applies every decided round in order, starting at `nextApply`. Re-entrant calls are ignored. */
export function applyReady(core: Core): void {
  if (applying.has(core)) return;
  applying.add(core);
  try {
    while (!core.stopped && !core.retired && core.nextApply !== undefined) {
      const q = core.nextApply;
      const rec = core.decisions.get(q);
      if (rec === undefined || epochOf(core.schedule, q) === undefined) break;
      const round = toDecidedRound(core, rec);
      let roomHash: Uint8Array;
      try {
        roomHash = core.opts.state.apply(round);
      } catch (cause) {
        core.events.emit('error', new NeoError(NeoErrorCode.StateFailed, `state.apply(${q}) threw`, { cause }));
        core.stopped = true;
        break;
      }
      const { state, scheduled } = applyControl(
        core.control,
        { round: q, accepted: rec.accepted, plaintexts: rec.plaintexts, quorate: rec.quorate },
        core.config,
      );
      core.control = state;
      const hash = combinedHash(roomHash, state);
      core.history.set(q, { hash, control: state });
      core.nextApply = q + 1;
      core.counters.applied++;
      core.events.emit('applied', round, hash);
      if (scheduled !== undefined) onScheduled(core, scheduled);
      checkRound(core, q);
    }
  } finally {
    applying.delete(core);
  }
}

/** An epoch change was decided: welcome the joiners we relayed and open links to new members. */
function onScheduled(core: Core, change: ScheduledChange): void {
  core.events.emit('scheduled', change);
  for (const [joiner, relay] of change.joined) {
    if (relay === core.self) core.send(joiner, MessageType.neoWelcome, [core.tag, epochToWire(change.epoch)]);
  }
  const t = core.opts.transport;
  for (const m of change.epoch.members) {
    if (m !== core.self && !t.isConnected(m)) void t.connect(m, { signal: core.opts.signal });
  }
}
