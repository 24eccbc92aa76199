import { err, ok, type Result } from '../../util/result';
import { DhtError, DhtErrorCode } from '../errors';
import { keyHex } from '../ids';
import type { QueryEvent } from '../query/events';
import { runLookup } from '../query/lookup';
import { type DhtRecord, recordToWire, type ValidRecord } from '../records/record';
import type { NodeInternals } from './internals';

/** What a read found. */
export interface GetResult {
  /** The best valid version gathered (highest seq, or the merge of all versions for merging types). */
  readonly record: DhtRecord;
  /** The same with its digest, DHT key and parsed value. */
  readonly valid: ValidRecord;
  /** Hops to the first valid value (0 when this node held it and the lookup found no other). */
  readonly hops: number;
  /** Requests sent. */
  readonly queried: number;
  /** Replies that carried the best version. */
  readonly holders: number;
  /** Stale or missing replicas sent the best version. */
  readonly repairs: number;
}

/**
 * A quorum read: looks the key up, validates every version returned, keeps the best, and
 * re-stores it (in the background) on the replicas that returned an older version and on the
 * closest node that had none.
 */
export async function getRecord(
  n: NodeInternals,
  dhtKey: Uint8Array,
  emit: (event: QueryEvent) => void,
  options: { signal?: AbortSignal; quorum?: number },
): Promise<Result<GetResult, DhtError>> {
  const ctx = n.ctx;
  const now = ctx.clock.now();
  const held = ctx.store.get(keyHex(dhtKey));
  let local: ValidRecord | undefined;
  if (
    held !== undefined &&
    ctx.validation.validator(held.valid.record.type)?.isLive(held.valid.record, held.valid.parsed, now)
  ) {
    local = held.valid;
  }
  const found = await runLookup(ctx, n.rpc, {
    target: dhtKey,
    mode: 'value',
    signal: options.signal,
    emit,
    quorum: Math.max(1, (options.quorum ?? ctx.config.quorum) - (local === undefined ? 0 : 1)),
  });
  if (!found.ok && !(found.error.code === DhtErrorCode.NoPeers && local !== undefined)) return found;
  let best = found.ok ? found.value.best : undefined;
  if (local !== undefined) {
    if (best === undefined) best = local;
    else {
      const merged = await ctx.validation.combine(best, local, ctx.clock.now());
      if (merged.ok && merged.value !== undefined) best = merged.value;
    }
  }
  if (best === undefined) return err(new DhtError(DhtErrorCode.NotFound, 'no valid record under this key'));
  const stale = found.ok ? found.value.staleHolders : [];
  if (stale.length > 0) {
    const wire = recordToWire(best.record);
    for (const c of stale) {
      n.counters.repaired++;
      void n.rpc.request(c.id, 'dhtStore', [wire]);
    }
  }
  return ok({
    record: best.record,
    valid: best,
    hops: found.ok ? found.value.hops : 0,
    queried: found.ok ? found.value.queried : 0,
    holders: (found.ok ? found.value.holders : 0) + (local !== undefined && best.digestHex === local.digestHex ? 1 : 0),
    repairs: stale.length,
  });
}
