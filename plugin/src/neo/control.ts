import type { PeerId } from '../transport/transport';
import type { NeoOp, NeoPlaintext } from '../wire/messages/neo-common';
import { adaptTiming, isTimingCheck } from './adapt';
import { changeRound, type NeoConfig } from './config';
import { commitsIn, type Epoch, epochOf, majority, roundStart, type Schedule } from './schedule';

/**
 * NEO's own replicated state: the epoch schedule and what leads to the next epoch change. It is
 * a pure function of the decided rounds (every member computes the same), is hashed together
 * with the room state, and travels in snapshots.
 */
export interface ControlState {
  readonly schedule: Schedule;
  /** Committing rounds in a row without an accepted commitment, per member. */
  readonly streaks: ReadonlyMap<PeerId, number>;
  /** Each member's latest delay report: within how long 95% of messages reach a majority, ms (see `linkDelays`). */
  readonly delays: ReadonlyMap<PeerId, number>;
  /** Decided joins not yet scheduled: [joiner, relaying member]. */
  readonly joins: readonly (readonly [PeerId, PeerId])[];
  /** Decided removals (leave, timeout, ban) not yet scheduled. */
  readonly removals: readonly PeerId[];
  /** Ban votes: banned id -> members that voted for it. */
  readonly banVotes: ReadonlyMap<PeerId, readonly PeerId[]>;
  /** Ids a majority banned: removed, and never admitted again. */
  readonly banned: readonly PeerId[];
  /** Committing rounds in a row in which fewer than a majority of commitments were accepted. */
  readonly starved: number;
}

/** The control state at the start of a group. */
export function initialControl(first: Epoch): ControlState {
  return {
    schedule: [first],
    streaks: new Map(first.members.map((m) => [m, 0])),
    delays: new Map(),
    joins: [],
    removals: [],
    banVotes: new Map(),
    banned: [],
    starved: 0,
  };
}

/** What the control transition needs from a decided round. */
export interface ControlInput {
  readonly round: number;
  /** Per member of the round's epoch: whether its commitment was accepted. */
  readonly accepted: readonly boolean[];
  /** Per member: its decided plaintext (null when none). */
  readonly plaintexts: readonly NeoPlaintext[];
  /** A strict majority's votes were in (see `DecisionRecord.quorate`); absences count only then. */
  readonly quorate: boolean;
}

/** A scheduled epoch change, reported by {@link applyControl}. */
export interface ScheduledChange {
  readonly epoch: Epoch;
  /** Joiners and the member that relayed each (it sends the welcome). */
  readonly joined: readonly (readonly [PeerId, PeerId])[];
  readonly left: readonly PeerId[];
}

/** The control operations in a plaintext. */
export function opsOf(p: NeoPlaintext): readonly NeoOp[] {
  return Array.isArray(p) ? (p[0] as readonly NeoOp[]) : [];
}

/** The application input in a plaintext. */
export function inputOf(p: NeoPlaintext): Uint8Array | null {
  if (p === null) return null;
  if (p instanceof Uint8Array) return p.length === 0 ? null : p;
  const input = p[1] as Uint8Array | null;
  return input === null || input.length === 0 ? null : input;
}

/**
 * Whether round `input` leaves the control state exactly as it is (pure, allocation-free): no
 * control operations, no streak moves, nothing pending, no timing check due. Nearly every round
 * is one of these; {@link applyControl} then skips building a new state it would throw away.
 */
export function leavesControlUnchanged(state: ControlState, input: ControlInput, config: NeoConfig): boolean {
  const q = input.round;
  const e = epochOf(state.schedule, q);
  if (e === undefined) return true;
  if (state.joins.length > 0 || state.removals.length > 0) return false;
  const n = e.members.length;
  if (state.streaks.size !== n) return false;
  const committing = commitsIn(state.schedule, q) && input.quorate;
  let acceptedCount = 0;
  for (let i = 0; i < n; i++) {
    if (!input.accepted[i]) continue;
    acceptedCount++;
    if (opsOf(input.plaintexts[i] ?? null).length > 0) return false;
  }
  const starvedRound = committing && acceptedCount < majority(n);
  const starved = !committing ? state.starved : starvedRound ? state.starved + 1 : 0;
  if (starved !== state.starved) return false;
  for (let i = 0; i < n; i++) {
    const before = state.streaks.get(e.members[i]!);
    if (before === undefined || before >= config.timeoutRounds) return false;
    if (committing && !starvedRound && (input.accepted[i] ? before !== 0 : true)) return false;
  }
  const last = state.schedule[state.schedule.length - 1]!;
  if (last.firstRound > q) return true;
  if (isTimingCheck(config, q)) return false;
  return starved < config.starvedRounds;
}

/**
 * The control transition of one decided round (pure): counts streaks, applies accepted control
 * operations, and schedules an epoch change when one is due and none is pending. The change
 * takes effect at `round + changeDelayRounds(k)`, identical at every member.
 */
export function applyControl(
  state: ControlState,
  input: ControlInput,
  config: NeoConfig,
): { state: ControlState; scheduled: ScheduledChange | undefined } {
  if (leavesControlUnchanged(state, input, config)) return { state, scheduled: undefined };
  return controlTransition(state, input, config);
}

/** @internal The full transition, without the shortcut (tests compare the two). */
export function controlTransition(
  state: ControlState,
  input: ControlInput,
  config: NeoConfig,
): { state: ControlState; scheduled: ScheduledChange | undefined } {
  const q = input.round;
  const e = epochOf(state.schedule, q);
  if (e === undefined) return { state, scheduled: undefined };
  const streaks = new Map<PeerId, number>();
  const delays = new Map(state.delays);
  const joins = [...state.joins];
  const removals = [...state.removals];
  const banVotes = new Map(state.banVotes);
  const banned = [...state.banned];
  const committing = commitsIn(state.schedule, q) && input.quorate;
  const acceptedCount = input.accepted.filter(Boolean).length;
  // A round most members missed is the group's problem (the deadline is too short), not theirs:
  // it counts toward "starved", not toward anyone's timeout.
  const starvedRound = committing && acceptedCount < majority(e.members.length);
  const starved = !committing ? state.starved : starvedRound ? state.starved + 1 : 0;
  e.members.forEach((m, i) => {
    const before = state.streaks.get(m) ?? 0;
    streaks.set(m, !committing || starvedRound ? before : input.accepted[i] ? 0 : before + 1);
  });
  const isMember = (id: PeerId): boolean => e.members.includes(id);
  const addRemoval = (id: PeerId): void => {
    if (isMember(id) && !removals.includes(id)) removals.push(id);
  };
  e.members.forEach((proposer, i) => {
    if (!input.accepted[i]) return;
    for (const op of opsOf(input.plaintexts[i] ?? null)) {
      if (op[0] === 'j') {
        const id = op[1];
        if (!isMember(id) && !banned.includes(id) && !joins.some(([j]) => j === id)) joins.push([id, proposer]);
      } else if (op[0] === 'l') {
        addRemoval(proposer);
      } else if (op[0] === 'd') {
        delays.set(proposer, op[1]);
      } else {
        const id = op[1];
        const voters = banVotes.get(id) ?? [];
        if (!voters.includes(proposer)) banVotes.set(id, [...voters, proposer]);
        if ((banVotes.get(id)?.length ?? 0) >= majority(e.members.length) && !banned.includes(id)) {
          banned.push(id);
          addRemoval(id);
          const at = joins.findIndex(([j]) => j === id);
          if (at >= 0) joins.splice(at, 1);
        }
      }
    }
  });
  for (const m of e.members) if ((streaks.get(m) ?? 0) >= config.timeoutRounds) addRemoval(m);
  const last = state.schedule[state.schedule.length - 1]!;
  const pending = last.firstRound > q;
  let timing: { roundMs: number; k: number } | undefined;
  if (!pending && isTimingCheck(config, q)) {
    const t = adaptTiming(e, delays, config);
    if (t !== undefined && (t.k !== e.k || t.roundMs !== e.roundMs)) timing = t;
  }
  if (!pending && starved >= config.starvedRounds && timing === undefined) {
    // No delay report can get through when no commitment does: double the deadline blindly.
    timing =
      e.k < config.maxK
        ? { roundMs: e.roundMs, k: Math.min(config.maxK, 2 * e.k) }
        : { roundMs: Math.min(config.maxRoundMs, 2 * e.roundMs), k: e.k };
    if (timing.k === e.k && timing.roundMs === e.roundMs) timing = undefined;
  }
  const removing = removals.filter(isMember);
  let scheduled: ScheduledChange | undefined;
  let schedule = state.schedule;
  if (!pending && (joins.length > 0 || removing.length > 0 || timing !== undefined)) {
    const b = changeRound(config, e.k, q);
    const members = [...new Set([...e.members, ...joins.map(([j]) => j)])].filter((m) => !removing.includes(m)).sort();
    const next: Epoch = {
      epoch: e.epoch + 1,
      firstRound: b,
      t0: roundStart(state.schedule, b),
      roundMs: timing?.roundMs ?? e.roundMs,
      k: timing?.k ?? e.k,
      members,
    };
    scheduled = { epoch: next, joined: joins.slice(), left: removing };
    // Old epochs stay while rounds of them may still be repaired.
    schedule = [...state.schedule.slice(-2), next];
    joins.length = 0;
    removals.length = 0;
  }
  if (scheduled === undefined && !pending) {
    // Removals of ids that are no longer members are moot.
    for (let i = removals.length - 1; i >= 0; i--) if (!isMember(removals[i]!)) removals.splice(i, 1);
  }
  const nextStarved = scheduled ? 0 : starved;
  // Most rounds change nothing: keep the same object, so its hash stays cached.
  const unchanged =
    scheduled === undefined &&
    nextStarved === state.starved &&
    sameMap(streaks, state.streaks) &&
    sameMap(delays, state.delays) &&
    sameMap(banVotes, state.banVotes) &&
    joins.length === state.joins.length &&
    removals.length === state.removals.length &&
    banned.length === state.banned.length;
  if (unchanged) return { state, scheduled: undefined };
  return {
    state: { schedule, streaks, delays, joins, removals, banVotes, banned, starved: nextStarved },
    scheduled,
  };
}

function sameMap<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
