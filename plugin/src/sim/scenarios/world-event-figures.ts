/**
 * The world simulation's zone-event figures: which groups played each bell, and for those that
 * missed it or played it late, why (their depth, their age at the bell's time, when and how the
 * event reached them).
 */
import { BRIDGE_MIN_LEAD_MS } from '../../groups/broadcast';
import { depthOf } from '../../groups/geometry';
import type { SimGroup } from './world-group';

/** How an event got into a group. */
export type EventSource = 'origin' | 'carry' | 'bridge' | 'inherited';

/** One bell as the world tracks it. */
export interface EventTrack {
  readonly at: number;
  /** Time the origin group decided it. */
  readonly raised: number;
  /** Group (model id) -> start time of the round it played in. */
  readonly played: Map<number, number>;
  /** Group -> first time its decided state held the event, and how it came. */
  readonly seen: Map<number, { readonly t: number; readonly how: EventSource }>;
  /** Groups alive at the event's time (filled then). */
  alive: Set<number> | undefined;
}

function bucket(ms: number): string {
  if (ms < 0) return 'before';
  if (ms < 1000) return '<1s';
  if (ms < 5000) return '1-5s';
  return '>=5s';
}

/** The figures of the events whose time came at least a second before `now`. */
export function eventFigures(events: Iterable<EventTrack>, groups: Iterable<SimGroup>, now: number, roundMs: number) {
  const done = [...events].filter((e) => e.alive !== undefined && e.at < now - 1000);
  const all = [...groups];
  let due = 0;
  let reached = 0;
  let late = 0;
  let young = 0;
  const missed: Record<string, number> = {};
  const lateBy: Record<string, number> = {};
  const lateMs: number[] = [];
  const lateLeadMs: number[] = [];
  const tick = (o: Record<string, number>, k: string): void => {
    o[k] = (o[k] ?? 0) + 1;
  };
  for (const e of done) {
    for (const g of all) {
      if (!e.alive!.has(g.id) || (g.ended && (g.endedAt ?? 0) <= e.at + 1000)) continue;
      const start = g.time(g.schedule[0]!.firstRound);
      // A group whose first round began less than the bridging lead before the event's time
      // (or after it) and that did not play it could not hear of it in time: a bridge needs
      // `BRIDGE_MIN_LEAD_MS` to decide and check it. Counted apart, not due.
      const seen = e.seen.get(g.id);
      const played = e.played.has(g.id);
      if (!played && start > e.at - BRIDGE_MIN_LEAD_MS) {
        young++;
        continue;
      }
      due++;
      if (played) {
        reached++;
        continue;
      }
      const why = seen === undefined ? 'never' : `got ${seen.how} ${bucket(seen.t - e.at)}`;
      tick(missed, `${why}; ${g.kind}; depth ${depthOf(g.cell)}; age ${bucket(e.at - start)}`);
    }
    for (const [id, t] of e.played) {
      if (t <= e.at + roundMs) continue;
      late++;
      lateMs.push(t - e.at);
      const g = all.find((x) => x.id === id);
      const seen = e.seen.get(id);
      lateLeadMs.push(seen === undefined ? Number.NaN : seen.t - e.raised);
      const start = g === undefined ? 0 : g.time(g.schedule[0]!.firstRound);
      tick(
        lateBy,
        `${seen?.how ?? '?'}; depth ${g === undefined ? '?' : depthOf(g.cell)}; age ${bucket(e.at - start)}`,
      );
    }
  }
  const spreads = done.map((e) =>
    e.played.size === 0 ? 0 : Math.max(...e.played.values()) - Math.min(...e.played.values()),
  );
  return {
    rung: done.length,
    due,
    groupsReached: Math.round((reached / Math.max(1, due)) * 1000) / 1000,
    playedLate: Math.round((late / Math.max(1, reached)) * 1000) / 1000,
    playSpreadMsMax: Math.max(0, ...spreads),
    lateMsMax: Math.max(0, ...lateMs),
    lateGotAfterRaiseMs: lateLeadMs.sort((a, b) => a - b),
    startedTooLate: young,
    definition:
      "groupsReached: of the groups alive at an event's time and a second after, the share that played it; not due (startedTooLate): a group whose first round began less than 500 ms (BRIDGE_MIN_LEAD_MS) before the event's time, or after it, and that did not play it (founded by a walker just then: no carry or bridge can decide and check it in time). playedLate: plays in a round starting more than one round after the event's time. missed / lateBy: how the event reached the group (never, carry, bridge, inherited from a split or re-root), the group's origin, depth and age at the event's time. carryMsByHop: latest arrival of a carry at each hop, ms after the raise",
    missed,
    lateBy,
  };
}
