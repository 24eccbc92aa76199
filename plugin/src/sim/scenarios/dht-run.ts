/** The phases of the `dht` scenario (see `dht.ts`). */
import type { DhtQuery, GetResult } from '../../dht';
import { DhtHarness, type HarnessNode } from '../../dht/testing';
import type { Rng } from '../../rng';
import { makeSimRecords, type SimRecord } from './dht-records';

export interface DhtSimOptions {
  readonly nodes: number;
  readonly records: number;
  readonly lookups: number;
  readonly churn: number;
  readonly joinBatch: number;
  readonly k: number;
  readonly alpha: number;
  readonly quorum: number;
  readonly republishMs: number;
  readonly seed: number;
  readonly log?: (line: string) => void;
}

interface Quantiles {
  median: number;
  p95: number;
}

interface LookupFigures {
  success: number;
  hops: Quantiles;
  lookupMs: Quantiles;
}

const LOOKUP_CONCURRENCY = 256;
const MAINTENANCE_TICK_MS = 10_000;

function quantiles(values: number[], digits = 0): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const f = 10 ** digits;
  return { median: Math.round(at(0.5) * f) / f, p95: Math.round(at(0.95) * f) / f };
}

/** Runs `work` over `items` with `lanes` in flight, stepping virtual time until all are done. */
async function inLanes<T>(
  h: DhtHarness,
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await h.driver.settle(Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane)), 1e12);
}

async function lookups(
  h: DhtHarness,
  nodes: readonly HarnessNode[],
  records: readonly SimRecord[],
  count: number,
  rng: Rng,
): Promise<LookupFigures & { permanentSuccess: number }> {
  const hops: number[] = [];
  const ms: number[] = [];
  let found = 0;
  let permanent = 0;
  let permanentFound = 0;
  const plan = Array.from({ length: count }, () => ({
    node: nodes[rng.int(nodes.length)]!,
    rec: records[rng.int(records.length)]!,
  }));
  await inLanes(h, plan, LOOKUP_CONCURRENCY, async ({ node, rec }) => {
    const t0 = h.clock.now();
    const query: DhtQuery<GetResult> = node.node.get(rec.record.key);
    const r = await query.result;
    ms.push(h.clock.now() - t0);
    const ok = r.ok && r.value.record.type === rec.record.type && r.value.record.seq >= rec.record.seq;
    if (rec.record.permanent) permanent++;
    if (ok) {
      found++;
      hops.push(r.value.hops);
      if (rec.record.permanent) permanentFound++;
    }
  });
  return {
    success: round(found / count, 4),
    permanentSuccess: round(permanent === 0 ? 1 : permanentFound / permanent, 4),
    hops: quantiles(hops),
    lookupMs: quantiles(ms),
  };
}

/** Messages sent on the whole network since the previous call. */
function phaseCounter(h: DhtHarness): () => number {
  let last = h.net.stats().messagesSent;
  return () => {
    const now = h.net.stats().messagesSent;
    const d = now - last;
    last = now;
    return d;
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export async function runDhtSimulation(o: DhtSimOptions, rng: Rng) {
  const log = o.log ?? (() => {});
  const wall = performance.now();
  const stamp = (what: string): void => log(`[dht] ${what} (${((performance.now() - wall) / 1000).toFixed(1)} s wall)`);
  const h = await DhtHarness.create({
    seed: o.seed,
    config: {
      k: o.k,
      alpha: o.alpha,
      quorum: o.quorum,
      republishIntervalMs: o.republishMs,
      refreshIntervalMs: o.republishMs,
    },
    node: { scheduler: 'external' },
  });
  // The authority's node: first contact of every join, archival replica of permanent records.
  const authority = h.addNode(undefined, { archive: true });
  const joiners: HarnessNode[] = [];
  for (let i = 1; i < o.nodes; i++) joiners.push(h.addNode(undefined, { archivePeers: [authority.node.id] }));
  const joinStart = h.clock.now();
  let joinFailures = 0;
  // Nodes arrive in waves that grow with the network (at most `joinBatch`, at most a quarter of
  // the nodes already in): a whole population joining through one node at the same instant
  // would learn nothing of each other, which is not how a network grows.
  for (let next = 0, joined = 1; next < joiners.length; ) {
    const wave = joiners.slice(next, next + Math.min(o.joinBatch, Math.max(1, Math.floor(joined / 4))));
    next += wave.length;
    const results = await h.driver.settle(Promise.all(wave.map((n) => n.node.bootstrap([authority.node.id]))), 1e12);
    for (const r of results) if (!r.ok) joinFailures++;
    joined += wave.length;
  }
  const joinMessages = h.net.stats().messagesSent;
  const joinSeconds = round((h.clock.now() - joinStart) / 1000, 1);
  const phase = phaseCounter(h);
  stamp(`${o.nodes} nodes joined`);

  const records = await makeSimRecords(h, o.records, rng);
  let putOk = 0;
  await inLanes(h, records, 64, async (rec) => {
    const publisher = joiners[rng.int(joiners.length)]!;
    const r = await publisher.node.put(rec.record).result;
    if (r.ok) putOk++;
  });
  stamp(`${records.length} records stored`);
  const putMessages = phase();

  const before = await lookups(h, joiners, records, o.lookups, rng);
  stamp(`${o.lookups} lookups`);
  const lookupMessages = phase();

  // Churn: a fraction of the nodes (never the authority's) vanish at once, without a word.
  const leaving = new Set<HarnessNode>();
  while (leaving.size < Math.floor(joiners.length * o.churn)) leaving.add(joiners[rng.int(joiners.length)]!);
  for (const n of leaving) h.crash(n);
  const survivors = joiners.filter((n) => n.alive);
  const live = [authority, ...survivors];
  const bytesBefore = new Map(live.map((n) => [n, n.transport.stats().bytesSent]));
  // One scheduler for every node (no per-node timers): each tick runs every live node's maintenance.
  let ticking = true;
  const tick = (): void => {
    if (!ticking) return;
    const now = h.clock.now();
    for (const n of live) if (n.node.maintenanceDueAt <= now) void n.node.maintain();
    h.clock.setTimeout(tick, MAINTENANCE_TICK_MS);
  };
  h.clock.setTimeout(tick, MAINTENANCE_TICK_MS * rng.next());
  const windowMs = o.republishMs * 1.22 + MAINTENANCE_TICK_MS;
  await h.driver.run(windowMs);
  const perNode = live.map((n) => ((n.transport.stats().bytesSent - (bytesBefore.get(n) ?? 0)) * 1000) / windowMs);
  stamp(`one republish interval after ${leaving.size} nodes left`);
  const windowMessages = phase();

  const after = await lookups(h, survivors, records, o.lookups, rng);
  let maxLinks = 0;
  for (const n of live) maxLinks = Math.max(maxLinks, n.transport.connectedPeers().length);
  ticking = false;
  stamp(`${o.lookups} lookups after churn`);
  const afterMessages = phase();
  const counts = { cert: 0, ban: 0, area: 0 };
  for (const r of records) counts[r.kind]++;
  const result = {
    nodes: o.nodes,
    k: o.k,
    alpha: o.alpha,
    quorum: o.quorum,
    records: records.length,
    recordKinds: `${counts.cert}/${counts.ban}/${counts.area}`,
    lookups: o.lookups,
    join: {
      failures: joinFailures,
      messagesPerNode: Math.round(joinMessages / Math.max(1, o.nodes - 1)),
      virtualSeconds: joinSeconds,
    },
    put: { success: round(putOk / records.length, 4), messagesPerRecord: Math.round(putMessages / records.length) },
    messagesPerLookup: round(lookupMessages / o.lookups, 1),
    hops: before.hops,
    lookupMs: before.lookupMs,
    success: before.success,
    afterChurn: {
      left: leaving.size,
      success: after.success,
      permanentSuccess: after.permanentSuccess,
      hops: after.hops,
      lookupMs: after.lookupMs,
      messagesPerLookup: round(afterMessages / o.lookups, 1),
      maintenanceMessages: windowMessages,
    },
    maintenanceBytesPerSecPerNode: quantiles(perNode, 1).median,
    openLinksPerNode: { ...quantiles(survivors.map((n) => n.transport.connectedPeers().length)), max: maxLinks },
    validation: {
      verified: h.cache.misses,
      cacheHits: h.cache.hits,
      costModel:
        'real Ed25519 (WebCrypto) on every signature; results cached per record/batch digest in one cache shared by all simulated nodes, so each distinct record is verified once per run',
    },
    virtualSeconds: round((h.clock.now() - joinStart) / 1000, 1),
    heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
  h.stop();
  return result;
}
