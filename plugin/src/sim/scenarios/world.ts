import type { Scenario, ScenarioReport, SimArgs } from '../scenario';
import { authorityFigures } from './world-authority';
import { playersInFlight, sampleWorld, unsettledGroups } from './world-census';
import { SIGNATURE_COST_MODEL } from './world-cost';
import { eventFigures } from './world-event-figures';
import { relocationFigures } from './world-reloc-figures';
import { World, type WorldOptions } from './world-sim';

/** Most seconds standing still waited for the groups to settle. */
const SETTLE_MAX_S = 30;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Runs one world and returns its figures. */
export async function runWorld(o: WorldOptions) {
  const log = o.log ?? (() => {});
  const wall = performance.now();
  const stamp = (what: string): void =>
    log(`[world] ${what} (${((performance.now() - wall) / 1000).toFixed(1)} s wall)`);
  const w = new World(o);
  await w.measureCert();
  w.populate();
  stamp(`${o.players} players placed, ${w.groups.size} groups (warm start)`);
  const t0 = w.clock.now();
  const tick = (): void => {
    sampleWorld(w, false);
    w.clock.setTimeout(tick, 1000);
  };
  w.clock.setTimeout(tick, 1000);
  const bell = (): void => {
    w.bells.ringBell();
    w.clock.setTimeout(bell, o.eventEverySeconds * 1000);
  };
  w.clock.setTimeout(bell, o.eventEverySeconds * 500);
  w.clock.runUntil(t0 + o.warmupSeconds * 1000);
  w.resetBytes();
  const measureFrom = w.clock.now();
  for (let s = o.warmupSeconds; s < o.seconds; s += 5) {
    w.clock.runUntil(t0 + Math.min(o.seconds, s + 5) * 1000);
    stamp(
      `${Math.min(o.seconds, s + 5)} of ${o.seconds} virtual s, ${[...w.groups.values()].filter((g) => !g.ended).length} groups, ${w.counters.handoffs} handoffs`,
    );
  }
  const measured = (w.clock.now() - measureFrom) / 1000;
  w.feeds.stalenessFigures();
  const up = [...w.bytesUp()].map((b) => b / measured).sort((a, b) => a - b);
  const authority = authorityFigures({ players: o.players, seconds: measured, links: w.links });
  const byKind = Object.fromEntries([...w.byKind].map(([k, v]) => [k, Math.round(v / measured / o.players)]));
  const crypto = w.cryptoMsPerPlayerSecond(measured);
  // Splits settle: everyone stands still, the last handoffs, splits and merges happen, then the
  // sizes. Settled = at least `settleSeconds` standing still, and then no split or re-root
  // pending and no leaf above maxGroup (its split due); at most SETTLE_MAX_S.
  for (const p of w.players) p.moving = false;
  const still = w.clock.now();
  w.clock.runUntil(still + o.settleSeconds * 1000);
  while (unsettledGroups(w) > 0 && w.clock.now() - still < SETTLE_MAX_S * 1000) w.clock.runUntil(w.clock.now() + 1000);
  const settledAfter = (w.clock.now() - still) / 1000;
  const unsettled = unsettledGroups(w);
  const inFlight = playersInFlight(w);
  sampleWorld(w, true);
  const sizes = [...w.sizes].sort((a, b) => a - b);
  const live = [...w.groups.values()].filter((g) => !g.ended && g.members.length > 0);
  const byOrigin: Record<string, { groups: number; mean: number }> = {};
  for (const g of live) {
    const k = byOrigin[g.kind] ?? { groups: 0, mean: 0 };
    byOrigin[g.kind] = k;
    k.mean += g.members.length;
    k.groups++;
  }
  for (const k of Object.values(byOrigin)) k.mean = round(k.mean / k.groups, 2);
  const bucket = (lo: number, hi: number): number => sizes.filter((n) => n >= lo && n <= hi).length;
  const zoneEvents = eventFigures(w.events.values(), w.groups.values(), w.clock.now(), 50);

  return {
    players: o.players,
    virtualSeconds: o.seconds,
    zoneSide: Math.round(w.bounds.width),
    upBytesPerSecPerPlayer: { median: Math.round(quantile(up, 0.5)), p99: Math.round(quantile(up, 0.99)) },
    groupSize: {
      max: sizes.at(-1) ?? 0,
      mean: round(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length), 2),
      groups: sizes.length,
      meanAtStart: w.warmMean,
      histogram: {
        '1': bucket(1, 1),
        '2-5': bucket(2, o.minGroup - 1),
        [`${o.minGroup}-${o.maxGroup}`]: bucket(o.minGroup, o.maxGroup),
      },
      byOrigin,
      maxDuringRun: w.maxDuringRun,
      settledAfterSeconds: settledAfter,
      unsettledAtSample: unsettled,
      handoffsInFlightAtSample: inFlight,
      relocationsPending: [...w.groups.values()].filter((g) => !g.ended && g.state.relocate !== null).length,
      relocationsPendingBy: relocationFigures(w),
      settled:
        "sizes of the live groups once everyone stood still at least --settle s and then no split or re-root was pending and no leaf held more than maxGroup (checked every second, at most 30 s). meanAtStart: the warm start (the zone is sized for 8 players per 1024 x 1024 units, the tree split wherever a leaf held more than maxGroup). The settled mean is lower by the hysteresis, not the sizing: a leaf splits above maxGroup (16) into four children holding about 17 / 4 = 4.25 each, and four siblings merge only below minGroup (6) together (1.5 each), so a leaf the crowd crossed stays split with anything from 1.5 to 16 per leaf; the warm leaves lose the crowd's third to the hotspot; walkers entering an empty leaf found a group of one (histogram: sizes 1, 2 to minGroup - 1, minGroup to maxGroup; byOrigin: groups and mean size by how the group began: warm start, founded, split child, re-root)",
    },
    handoffs: w.counters.handoffs,
    handoffsAborted: w.counters.handoffsAborted,
    splits: w.counters.splits,
    merges: w.counters.reroots,
    lostEntities: w.lost.size,
    duplicatedEntities: w.duplicated.size,
    observerStaleness: { p95: w.staleness.quantile(0.95), median: w.staleness.quantile(0.5) },
    observerCheckedStaleness: { p95: w.checkedStaleness.quantile(0.95) },
    zoneEvents: {
      ...zoneEvents,
      bridged: w.bells.bridges,
      forwarded: w.bells.forwarded,
      carryRetries: w.bells.retries,
      carryMsByHop: w.bells.carryHops.map((x) => Math.round(x)),
    },
    authorityRequestsPerPlayerHour: authority.perPlayerHour,
    authority,
    dht: { gets: w.dir.gets, puts: w.dir.puts, refused: w.dir.refused, getsBy: Object.fromEntries(w.dir.why) },
    upBytesPerSecPerPlayerByKind: byKind,
    signatureCpuMsPerPlayerSecond: round(crypto, 3),
    costModel: SIGNATURE_COST_MODEL,
    model:
      'rounds, epochs and joins modelled per group with NEO timing (R 50 ms, k 2, no adaptation) and the real cell room applied once per decided round; round and feed bytes from the real encoders (+8.5% fetches); DHT modelled (lookups of 2 hops of 3 requests on the latency model, replies from random players (no routing table holds the authority node), the real record merge rule); latency: the benchmark log-normal model (median 40 ms, sigma 0.5) via SimNetwork; warm start: the tree already split for the initial positions',
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
}

/**
 * `world`: quadtree groups at world scale. N players in one zone sized so the average leaf holds
 * about 8; they walk between random waypoints, and a third converge on one hotspot (a crowd that
 * forces splits); each camera is 800 x 600 world units. Reports upstream bytes per player,
 * group sizes once splits settle, handoffs, lost and duplicated entities, observer staleness,
 * zone events and authority requests.
 */
export const worldScenario: Scenario = {
  name: 'world',
  description:
    'quadtree groups: N players walking (a third into one hotspot), handoffs, splits, observers, zone events',
  flags: [
    '--players N      players (default 1000)',
    '--seconds S      virtual seconds of play (default 30)',
    '--max-group M    split above M members (default 16)',
    '--min-group M    merge four siblings below M (default 6)',
    '--speed V        walking speed, world units per second (default 120)',
    '--settle S       seconds standing still at least before group sizes are taken, then until settled (default 10)',
    '--seed S         seed (default 1)',
  ],
  async run(args: SimArgs): Promise<ScenarioReport> {
    const r = await runWorld({
      players: Math.max(20, args.number('players', 1000)),
      seconds: Math.max(5, args.number('seconds', 30)),
      seed: args.number('seed', 1),
      maxGroup: args.number('max-group', 16),
      minGroup: args.number('min-group', 6),
      holdMs: 2000,
      borderMargin: 32,
      viewMargin: 128,
      camera: { width: 800, height: 600 },
      speed: args.number('speed', 120),
      density: 8,
      eventEverySeconds: 10,
      settleSeconds: args.number('settle', 10),
      warmupSeconds: 2,
      log: args.flag('json') ? undefined : (line) => console.error(line),
    });
    return {
      json: r,
      rows: [
        ['players', r.players],
        ['zone side (world units)', r.zoneSide],
        [
          'upstream B/s per player median / p99',
          `${r.upBytesPerSecPerPlayer.median} / ${r.upBytesPerSecPerPlayer.p99}`,
        ],
        ['group size max / mean (settled)', `${r.groupSize.max} / ${r.groupSize.mean}`],
        ['groups (settled) / max size while moving', `${r.groupSize.groups} / ${r.groupSize.maxDuringRun}`],
        [
          'settled after standing still, s (unsettled left, handoffs in flight, relocations waiting)',
          `${r.groupSize.settledAfterSeconds} (${r.groupSize.unsettledAtSample}, ${r.groupSize.handoffsInFlightAtSample}, ${r.groupSize.relocationsPending})`,
        ],
        ['handoffs (aborted)', `${r.handoffs} (${r.handoffsAborted})`],
        ['splits / merges', `${r.splits} / ${r.merges}`],
        ['lost / duplicated entities', `${r.lostEntities} / ${r.duplicatedEntities}`],
        ['observer staleness p95 (checked p95), ms', `${r.observerStaleness.p95} (${r.observerCheckedStaleness.p95})`],
        [
          'zone events rung / groups reached / played late / spread ms',
          `${r.zoneEvents.rung} / ${r.zoneEvents.groupsReached} / ${r.zoneEvents.playedLate} / ${r.zoneEvents.playSpreadMsMax}`,
        ],
        [
          'authority requests per player-hour (dht / polls / clock / archive)',
          `${r.authorityRequestsPerPlayerHour} (${r.authority.bySource.dhtRpcs} / ${r.authority.bySource.bootstrapPolls} / ${r.authority.bySource.clockResamples} / ${r.authority.bySource.archiveRepublish})`,
        ],
        ['links signalled by the authority per player-hour', r.authority.signalledLinksPerPlayerHour],
        ['upstream by kind, mean B/s per player', JSON.stringify(r.upBytesPerSecPerPlayerByKind)],
        [
          'dht gets / puts / refused',
          `${r.dht.gets} / ${r.dht.puts} / ${r.dht.refused} ${JSON.stringify(r.dht.getsBy)}`,
        ],
        ['signature CPU ms per player-second (model)', r.signatureCpuMsPerPlayerSecond],
        ['cost model', r.costModel],
        ['heap MB', r.heapMB],
      ],
    };
  },
};
