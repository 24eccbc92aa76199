/**
 * Quadtree groups over the zone harness (`zone/testing.ts`): N certified players with DHT nodes
 * on one SimNetwork and virtual clock, joining zones with {@link joinGroups}.
 */
import type { PeerId } from '../../transport/transport';
import type { Result } from '../../util/result';
import type { ZoneError } from '../../zone/errors';
import { ZoneHarness, type ZoneHarnessOptions } from '../../zone/testing';
import type { ZoneDef } from '../../zone/types';
import type { Entity } from '../cell-state';
import { joinGroups } from '../join';
import type { JoinGroupsOptions } from '../options';
import type { GroupsPlayer } from '../player';

/** The groups harness: the zone harness plus each player's groups client. */
export class GroupsHarness {
  readonly groups = new Map<number, GroupsPlayer>();

  private constructor(readonly h: ZoneHarness) {}

  static async create(o: ZoneHarnessOptions): Promise<GroupsHarness> {
    return new GroupsHarness(await ZoneHarness.create(o));
  }

  /** Starts player `index` joining `zone` at `position`; settles as time runs. */
  join(
    index: number,
    zone: ZoneDef,
    position: { x: number; y: number },
    extra: Partial<JoinGroupsOptions> = {},
  ): Promise<Result<GroupsPlayer, ZoneError>> {
    const p = this.h.players[index]!;
    return joinGroups(p.ctx, { zone, position, signal: p.abort.signal, ...extra }).then((r) => {
      if (r.ok) this.groups.set(index, r.value);
      return r;
    });
  }

  /** Joins players `indices` one after the other (each settles before the next starts). */
  async joinAll(
    indices: readonly number[],
    zone: ZoneDef,
    at: (i: number) => { x: number; y: number },
    extra: Partial<JoinGroupsOptions> = {},
  ): Promise<void> {
    for (const [n, i] of indices.entries()) {
      const r = await this.h.settle(this.join(i, zone, at(i), extra), 60_000);
      if (!r.ok) throw new Error(`player ${i} could not join: ${r.error.message}`);
      // The founder's group record takes a few rounds to sign and store.
      if (n === 0) await this.h.waitFor(() => (r.value.counters.recordPuts ?? 0) > 0, 10_000, 'first record');
    }
  }

  player(i: number): GroupsPlayer {
    const g = this.groups.get(i);
    if (g === undefined) throw new Error(`player ${i} is in no zone`);
    return g;
  }

  id(i: number): PeerId {
    return this.h.players[i]!.id;
  }

  /**
   * Where each entity is held, as the groups of the given players see it: `live` cells (not
   * frozen) and `transit` cells (frozen while handed over). No loss: every entity is held
   * somewhere; no duplication: no entity is live in two groups.
   */
  holdings(indices: readonly number[]): Map<PeerId, { live: string[]; transit: string[] }> {
    const out = new Map<PeerId, { live: string[]; transit: string[] }>();
    const seen = new Set<string>();
    for (const i of indices) {
      const g = this.groups.get(i);
      for (const m of [g?.current, g?.transit]) {
        if (m === undefined || m.ended) continue;
        const key = `${m.cell}|${m.groupId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const [id, e] of Object.entries(m.state.entities) as [PeerId, Entity][]) {
          const h = out.get(id) ?? { live: [], transit: [] };
          (e.frozen ? h.transit : h.live).push(m.cell);
          out.set(id, h);
        }
      }
    }
    return out;
  }

  /** Player id -> the cells holding its entity live (see {@link holdings}). */
  liveEntities(indices: readonly number[]): Map<PeerId, Set<string>> {
    const out = new Map<PeerId, Set<string>>();
    for (const [id, h] of this.holdings(indices)) if (h.live.length > 0) out.set(id, new Set(h.live));
    return out;
  }

  stop(): void {
    for (const g of this.groups.values()) g.stop();
    this.h.stop();
  }
}
