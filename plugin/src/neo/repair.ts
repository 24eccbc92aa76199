import type { PeerId } from '../transport/transport';
import { bytesEqual } from '../util/bytes';
import type { NeoSyncBody } from '../wire/messages/neo-sync';
import type { NeoSyncRequestBody } from '../wire/messages/neo-sync-request';
import { MessageType } from '../wire/types';
import { applyReady, combinedHash, rewindTo } from './applier';
import { retainWindow } from './config';
import { REPORT_BYTES } from './confirm';
import { recheckAll } from './confirmer';
import { decodeControl, encodeControl } from './control-codec';
import type { Core } from './core';
import { NeoDrop } from './counters';
import { NeoError, NeoErrorCode } from './errors';
import type { DecisionRecord } from './events';
import { requestMessages } from './fetch';
import { epochOf, majority } from './schedule';

/** Most decided rounds one sync answer carries. */
const MAX_SYNC_ROUNDS = 64;

/** A repair in progress: the round whose majority hash we lack, and whom we asked. */
export interface ActiveRepair {
  readonly round: number;
  readonly hash: Uint8Array;
  readonly from: number;
  readonly supporters: readonly PeerId[];
  readonly asked: PeerId;
  readonly snapshot: boolean;
  /** Tick round after which we ask someone else. */
  readonly until: number;
  readonly tries: number;
}

function ask(core: Core, r: Omit<ActiveRepair, 'asked' | 'until'>, exclude?: PeerId): void {
  const pool = r.supporters.filter((p) => p !== core.self && p !== exclude);
  const asked = pool[core.opts.rng.int(pool.length)] ?? r.supporters[0];
  if (asked === undefined) return;
  const e = epochOf(core.schedule, core.round);
  // Wait at least three one-way delays (measured), so a member on a slow link still gets answers.
  const slow = Math.ceil((3 * core.delayP95) / (e?.roundMs ?? 50));
  const until = core.round + Math.max(2 * (e?.k ?? 2) + core.config.giveUpRounds, slow);
  core.repair = { ...r, asked, until };
  core.send(asked, MessageType.neoSyncRequest, [
    core.tag,
    r.snapshot ? 0 : r.from,
    r.snapshot ? 0 : r.round,
    r.snapshot,
  ]);
}

/**
 * Our hash after round `h` differs from the majority's: fetch the majority's decided rounds
 * since our last confirmed round from a member that reported it (or, when they are out of our
 * rewind window, a snapshot), re-apply, and check the hash.
 */
export function startRepair(core: Core, h: number, hash: Uint8Array, supporters: readonly PeerId[]): void {
  if (core.repair !== undefined || supporters.length === 0) return;
  const from = Math.max(core.lastConfirmed + 1, h - MAX_SYNC_ROUNDS + 1);
  const snapshot = !core.history.has(from - 1);
  ask(core, { round: h, hash, from, supporters, snapshot, tries: 0 });
}

/** Called every tick: a repair whose answer did not come is retried elsewhere, then escalated to a snapshot. */
export function repairTick(core: Core): void {
  const r = core.repair;
  if (r === undefined || core.round < r.until) return;
  if (r.tries >= 4) {
    core.repair = undefined;
    core.events.emit(
      'error',
      new NeoError(NeoErrorCode.ResyncFailed, `no member answered the repair of round ${r.round}`),
    );
    return;
  }
  ask(core, { ...r, tries: r.tries + 1, snapshot: r.snapshot || r.tries >= 1 }, r.asked);
}

/** Answers a sync request with our decided rounds, or a snapshot of state and control state. */
export function onSyncRequest(core: Core, from: PeerId, body: NeoSyncRequestBody): void {
  const [, a, b, snapshot] = body;
  const e = epochOf(core.schedule, core.round);
  if (core.localBans.has(from) || e === undefined || !core.schedule.some((x) => x.members.includes(from))) {
    core.drop(NeoDrop.Refused, from);
    return;
  }
  if (snapshot) {
    if (core.nextApply === undefined) return;
    const at = core.nextApply - 1;
    const applied = core.history.get(at);
    if (applied === undefined) return;
    let room: Uint8Array;
    try {
      room = core.opts.state.snapshot();
    } catch {
      return;
    }
    core.send(from, MessageType.neoSync, [core.tag, [], [at, room, encodeControl(applied.control)]]);
    return;
  }
  const rounds: NeoSyncBody[1][number][] = [];
  for (let q = a; q <= b && rounds.length < MAX_SYNC_ROUNDS; q++) {
    const rec = core.decisions.get(q);
    if (rec === undefined || core.nextApply === undefined || q >= core.nextApply) break;
    rounds.push([q, rec.epoch, packMask([...rec.accepted, rec.quorate]), [...rec.plaintexts], rec.seed]);
  }
  core.send(from, MessageType.neoSync, [core.tag, rounds, null]);
}

function packMask(bits: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 1 << (i & 7);
  });
  return out;
}

function unpackMask(mask: Uint8Array, n: number): boolean[] {
  return Array.from({ length: n }, (_, i) => ((mask[i >> 3] ?? 0) & (1 << (i & 7))) !== 0);
}

/** Takes a sync answer: replaces our decisions of the repaired rounds (or our state) and re-applies. */
export function onSync(core: Core, from: PeerId, body: NeoSyncBody): void {
  const r = core.repair;
  const [, rounds, snap] = body;
  if (snap !== null) {
    if (!(r?.asked === from && r.snapshot) && core.snapshotAsked !== from) return;
    restoreSnapshot(core, from, snap[0], snap[1], snap[2]);
    return;
  }
  if (r === undefined || r.asked !== from || r.snapshot || rounds.length === 0) return;
  const first = rounds[0]![0];
  if (first !== r.from || rounds.some((x, i) => x[0] !== first + i) || rounds.at(-1)![0] < r.round) return;
  if (!rewindTo(core, first - 1)) {
    ask(core, { ...r, snapshot: true, tries: r.tries + 1 });
    return;
  }
  const previous = new Map<number, DecisionRecord>();
  for (const [q] of rounds) {
    const old = core.decisions.get(q);
    if (old) previous.set(q, old);
  }
  for (const [q, epoch, mask, plaintexts, seed] of rounds) {
    const bits = unpackMask(mask, plaintexts.length + 1);
    core.decisions.set(q, {
      round: q,
      epoch,
      accepted: bits.slice(0, plaintexts.length),
      plaintexts,
      seed,
      early: false,
      givenUp: false,
      quorate: bits[plaintexts.length]!,
      repaired: true,
    });
  }
  core.repair = undefined;
  applyReady(core);
  const after = core.history.get(r.round);
  if (after === undefined || !bytesEqual(after.hash.subarray(0, REPORT_BYTES), r.hash)) {
    // The answer did not produce the majority's hash: try another member, then a snapshot.
    ask(core, { ...r, snapshot: r.tries >= 1, tries: r.tries + 1 }, from);
    return;
  }
  core.counters.resyncs++;
  core.events.emit('resync', { kind: 'repair', round: r.round, from, rounds: rounds.length });
  hunt(core, from, rounds, previous);
  recheckAll(core);
}

/** Where our old decision differs from the majority's, fetch the sender's messages so a proof can form. */
function hunt(core: Core, from: PeerId, rounds: NeoSyncBody[1], previous: Map<number, DecisionRecord>): void {
  const items: [number, number][] = [];
  for (const [q, , , plaintexts] of rounds) {
    const old = previous.get(q);
    const e = epochOf(core.schedule, q);
    if (old === undefined || e === undefined) continue;
    plaintexts.forEach((p, j) => {
      const mine = old.plaintexts[j] ?? null;
      if (old.accepted[j] && JSON.stringify(mine) !== JSON.stringify(p)) items.push([q, j], [q + e.k, j]);
    });
  }
  if (items.length > 0) requestMessages(core, from, items);
}

/** Replaces our state by a member's snapshot taken after `round`, then applies our later decisions. */
export function restoreSnapshot(
  core: Core,
  from: PeerId,
  round: number,
  room: Uint8Array,
  controlBytes: Uint8Array,
): void {
  if (core.catchUpAsked === from && core.repair?.snapshot !== true && round < (core.nextApply ?? round)) {
    // The answer to a catch-up from a member behind us would take us back: keep ours. (An epoch
    // or repair snapshot may: our later rounds were applied on a wrong schedule or state.)
    core.snapshotAsked = undefined;
    return;
  }
  const control = decodeControl(controlBytes);
  if (!control.ok) {
    core.drop(NeoDrop.Malformed, from);
    return;
  }
  const restored = core.opts.state.restore(room, round);
  if (!restored.ok) {
    core.events.emit(
      'error',
      new NeoError(NeoErrorCode.StateFailed, `snapshot of round ${round} refused`, { cause: restored.error }),
    );
    return;
  }
  const r = core.repair;
  core.repair = undefined;
  core.catchUpAsked = undefined;
  const scheduleChanged = JSON.stringify(core.control.schedule) !== JSON.stringify(control.value.schedule);
  core.control = control.value;
  core.history.clear();
  core.history.set(round, { hash: combinedHash(restored.value, control.value), control: control.value });
  for (const q of [...core.decisions.keys()]) if (q <= round || scheduleChanged) core.decisions.delete(q);
  if (scheduleChanged) {
    // What we held for later rounds was read under another schedule: start those rounds afresh.
    core.table.pruneAbove(round);
    for (const q of [...core.tallies.keys()]) if (q > round) core.tallies.delete(q);
  }
  core.offEpoch.clear();
  core.nextApply = round + 1;
  core.snapshotAsked = undefined;
  // Not confirmed: the member that sent it may not have had its state confirmed either. The
  // majority's reports of later rounds confirm it, or start a repair (a snapshot again, since
  // nothing before it can be rewound to).
  core.counters.resyncs++;
  core.events.emit('resync', { kind: 'snapshot', round: r?.round ?? round, from, rounds: round });
  applyReady(core);
  recheckAll(core);
}

/**
 * A member's current messages carry another epoch than our schedule says: once members that
 * make a strict majority with us do so, we are the one out of step (we missed or mis-decided an
 * epoch change, e.g. while cut off) and ask one of them for a snapshot with its control state.
 */
export function offEpoch(core: Core, from: PeerId): void {
  const e = epochOf(core.schedule, core.round);
  if (e === undefined || !core.schedule.some((x) => x.members.includes(from))) return;
  core.offEpoch.add(from);
  const cooldown = cooldownRounds(core, e.k, e.roundMs);
  if (core.offEpoch.size < Math.max(1, majority(e.members.length) - 1) || core.round < core.catchUpAt + cooldown)
    return;
  core.catchUpAt = core.round;
  core.offEpoch.clear();
  core.snapshotAsked = from;
  core.send(from, MessageType.neoSyncRequest, [core.tag, 0, 0, true]);
}

/**
 * We hold state but cannot apply our next round, and other members are far past it: the
 * messages that would decide it are leaving every member's retain window (a page that was busy
 * for seconds, a joiner whose first rounds came too late), so fetching them can no longer work.
 * Ask a member whose hash reports show it applied past our next round for a snapshot (drawn at
 * random among them, the one that did not answer last time last): our later decisions apply on
 * top of it, and the majority's reports check it like any joiner's snapshot. A member as stuck
 * as we are has no such report and is never asked.
 */
export function catchUpTick(core: Core): void {
  const next = core.nextApply;
  if (next === undefined || core.repair !== undefined || core.decisions.has(next)) return;
  const e = epochOf(core.schedule, core.round);
  if (e === undefined || core.round - next < (3 * retainWindow(core.config, e.k)) / 4) return;
  if (core.round < core.catchUpAt + cooldownRounds(core, e.k, e.roundMs)) return;
  const ahead = new Set<PeerId>();
  for (const [h, rep] of core.reports) {
    if (h < next) continue;
    for (const id of rep.byMember.keys()) {
      if (id !== core.self && e.members.includes(id) && !core.localBans.has(id)) ahead.add(id);
    }
  }
  const pool = [...ahead].filter((m) => m !== core.catchUpAsked);
  const target = pool.length > 0 ? pool[core.opts.rng.int(pool.length)] : core.catchUpAsked;
  if (target === undefined || !ahead.has(target)) return;
  core.catchUpAt = core.round;
  core.catchUpAsked = target;
  core.counters.catchUps++;
  core.snapshotAsked = target;
  core.send(target, MessageType.neoSyncRequest, [core.tag, 0, 0, true]);
}

/** Rounds to wait before asking again: a deadline, the give-up window and a slow link's round trip. */
function cooldownRounds(core: Core, k: number, roundMs: number): number {
  return 2 * k + core.config.giveUpRounds + Math.ceil((3 * core.delayP95) / roundMs);
}
