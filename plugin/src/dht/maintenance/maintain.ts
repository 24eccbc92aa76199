import { nextRepublish } from '../context';
import { compareDistance } from '../ids';
import type { NodeInternals } from '../operations/internals';
import { replicate } from '../operations/replicate';
import { runLookup } from '../query/lookup';
import type { DhtRecord } from '../records/record';
import { refreshBucket } from './refresh';

/** What one maintenance pass did. */
export interface MaintenanceReport {
  readonly expired: number;
  readonly republished: number;
  readonly refreshed: number;
}

const ignore = (): void => {};
/** Republishes and refreshes run this many at a time, so a pass never floods the links. */
const CONCURRENCY = 4;

async function limited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
}

/**
 * When the next pass has work: the earliest republish time or expiry, or bucket staleness; at
 * most ten ticks away (buckets created meanwhile are refreshed at most that late).
 */
function nextDue(n: NodeInternals, now: number): number {
  const ctx = n.ctx;
  let at = now + 10 * ctx.config.maintenanceTickMs;
  for (const p of n.published.values()) at = Math.min(at, p.republishAt, p.record.exp === 0 ? at : p.record.exp);
  for (const s of ctx.store.values())
    at = Math.min(at, s.republishAt, s.valid.record.exp === 0 ? at : s.valid.record.exp);
  for (let i = 0; i < ctx.routing.depth; i++) {
    const b = ctx.routing.bucket(i);
    at = Math.min(at, (b?.lastTouched ?? now) + ctx.config.refreshIntervalMs);
  }
  return Math.max(at, now + 1);
}

/** Whether this node is among the k closest to `key` that it knows of. */
function amongClosest(ctx: NodeInternals['ctx'], key: Uint8Array): boolean {
  const closest = ctx.routing.closest(key, ctx.config.k);
  const last = closest[ctx.config.k - 1];
  return last === undefined || compareDistance(ctx.selfNodeId, last.nodeId, key) < 0;
}

/**
 * One maintenance pass, run every `maintenanceTickMs` by the node's timer or by an external
 * scheduler: drops expired and decayed records; re-stores to the k closest every record whose
 * republish time came (the node's own publications, records held for others, the archive's
 * permanent records; a STORE received meanwhile pushed that time back, so a key is republished
 * about once per interval, not k times); refreshes buckets no lookup touched for
 * `refreshIntervalMs` with a lookup of a random id in their range.
 */
export async function maintain(n: NodeInternals, signal?: AbortSignal): Promise<MaintenanceReport> {
  const ctx = n.ctx;
  const now = ctx.clock.now();
  let expired = 0;
  const due: DhtRecord[] = [];
  const dueKeys = new Set<string>();
  for (const [key, p] of n.published) {
    if (p.record.exp !== 0 && p.record.exp <= now) {
      n.published.delete(key);
      continue;
    }
    if (p.republishAt <= now) {
      p.republishAt = now + ctx.config.republishIntervalMs;
      due.push(p.record);
      dueKeys.add(key);
    }
  }
  for (const stored of [...ctx.store.values()]) {
    const v = stored.valid;
    if (!ctx.validation.validator(v.record.type)?.isLive(v.record, v.parsed, now)) {
      ctx.store.delete(v.dhtKeyHex);
      expired++;
      continue;
    }
    if (stored.republishAt <= now) {
      stored.republishAt = nextRepublish(ctx, now);
      // A copy held outside the k closest (a read repair cached it here) is served, not republished.
      if (!stored.archived && !amongClosest(ctx, v.dhtKey)) continue;
      if (!dueKeys.has(v.dhtKeyHex)) {
        dueKeys.add(v.dhtKeyHex);
        due.push(v.record);
      }
    }
  }
  n.counters.expired += expired;
  let republished = 0;
  await limited(due, async (record) => {
    if (signal?.aborted) return;
    const valid = await ctx.validation.validate(record, ctx.clock.now());
    if (!valid.ok) return;
    const r = await replicate(n, valid.value, ignore, signal);
    if (r.ok) republished++;
  });
  n.counters.republished += republished;
  // Buckets from our closest neighbour's inward are covered by one lookup of our own id (as at
  // join); farther stale buckets get a shallow lookup each.
  const stale = ctx.routing.staleBuckets(now - ctx.config.refreshIntervalMs);
  const nearest = ctx.routing.closest(ctx.selfNodeId, 1)[0];
  const near = nearest === undefined ? 0 : ctx.routing.bucketIndex(nearest.nodeId);
  const far = stale.filter((i) => i < near);
  let refreshed = 0;
  if (far.length < stale.length) {
    await runLookup(ctx, n.rpc, { target: ctx.selfNodeId, mode: 'node', signal, emit: ignore });
    ctx.routing.touchAll(ctx.routing.depth, ctx.clock.now());
    refreshed += stale.length - far.length;
  }
  await limited(far, async (index) => {
    if (signal?.aborted) return;
    await refreshBucket(n, index, signal);
    refreshed++;
  });
  n.counters.refreshed += refreshed;
  ctx.due.at = nextDue(n, ctx.clock.now());
  return { expired, republished, refreshed };
}
