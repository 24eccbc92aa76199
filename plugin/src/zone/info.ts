import type { NeoCounters } from '../neo/counters';
import type { NeoGroup } from '../neo/group';
import type { PeerId } from '../transport/transport';
import type { CellGrid } from './cells';
import type { Rect, ZoneInfo } from './types';

/** Rounds the loss figure looks back over. */
export const LOSS_WINDOW = 40;

/**
 * The share of round messages from the other members that did not arrive, over the last
 * {@link LOSS_WINDOW} applied rounds: each applied round expects one message from every other
 * member; NEO's `received` counter says how many were accepted.
 */
export class LossMeter {
  readonly #samples: { readonly received: number; readonly expected: number }[] = [];

  /** Records one applied round: NEO's counters now, and how many other members the round had. */
  sample(counters: Readonly<NeoCounters>, others: number): void {
    this.#samples.push({ received: counters.received, expected: Math.max(0, others) });
    if (this.#samples.length > LOSS_WINDOW + 1) this.#samples.shift();
  }

  /** Forgets everything (a new group: its counters start at zero). */
  reset(): void {
    this.#samples.length = 0;
  }

  /** 0..1 (0 until two rounds were sampled). */
  get loss(): number {
    const s = this.#samples;
    if (s.length < 2) return 0;
    let expected = 0;
    for (let i = 1; i < s.length; i++) expected += s[i]!.expected;
    if (expected === 0) return 0;
    const got = s[s.length - 1]!.received - s[0]!.received;
    return Math.min(1, Math.max(0, 1 - got / expected));
  }
}

/** NEO's counters as flat `name: number` pairs (`dropped.<reason>` for the drop table). */
export function flatCounters(c: Readonly<NeoCounters>, prefix = 'neo.'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'number') out[`${prefix}${k}`] = v;
    else for (const [reason, n] of Object.entries(v as Record<string, number>)) out[`${prefix}${k}.${reason}`] = n;
  }
  return out;
}

/** What {@link zoneInfo} reads. */
export interface InfoParts {
  readonly zone: string;
  readonly cell: string;
  readonly groupId: string;
  readonly neo: NeoGroup | undefined;
  readonly leader: PeerId | undefined;
  readonly self: PeerId;
  rttTo(id: PeerId): number | undefined;
  /** Timing shown before the group's schedule is known. */
  readonly defaults: { readonly roundMs: number; readonly k: number };
  readonly loss: number;
  readonly grid: CellGrid;
  readonly interest: Rect | undefined;
  readonly counters: Readonly<Record<string, number>>;
}

/** The zone room's debug view (see `ZoneRoom.info`). */
export function zoneInfo(p: InfoParts): ZoneInfo {
  const neo = p.neo;
  const e = neo?.epoch;
  return {
    zone: p.zone,
    cell: p.cell,
    groupId: p.groupId,
    members: (e?.members ?? []).map((id) => ({
      id,
      leader: id === p.leader,
      rttMs: id === p.self ? 0 : p.rttTo(id),
    })),
    leader: p.leader,
    round: neo?.round ?? 0,
    appliedRound: neo?.appliedRound,
    confirmedRound: neo?.confirmedRound ?? -1,
    epoch: e?.epoch,
    roundMs: e?.roundMs ?? p.defaults.roundMs,
    k: e?.k ?? p.defaults.k,
    loss: p.loss,
    cells: p.grid.cells,
    interest: p.interest,
    observedCells: p.interest === undefined ? [] : p.grid.overlapping(p.interest),
    counters: { ...(neo === undefined ? {} : flatCounters(neo.counters)), ...p.counters },
  };
}
