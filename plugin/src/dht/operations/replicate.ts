import type { PeerId } from '../../transport/transport';
import { err, ok, type Result } from '../../util/result';
import type { Contact } from '../contact';
import { DhtError, DhtErrorCode } from '../errors';
import { compareDistance } from '../ids';
import type { QueryEvent } from '../query/events';
import { runLookup } from '../query/lookup';
import { acceptRecord } from '../records/accept';
import { recordToWire, type ValidRecord } from '../records/record';
import { StoreStatus } from '../rpc/messages';
import type { NodeInternals } from './internals';

/** What a STORE round achieved. */
export interface PutResult {
  /** Nodes that hold the record now (stored or already had it), this one included. */
  readonly stored: number;
  /** Answers by status name, plus `failed` for no answer. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Nodes asked. */
  readonly targets: number;
  /** Hops of the lookup for the k closest. */
  readonly hops: number;
}

const STATUS_NAMES = Object.fromEntries(Object.entries(StoreStatus).map(([name, code]) => [code, name.toLowerCase()]));

/**
 * Stores a validated record on the k closest nodes (found by a lookup) and on the archive when
 * it is permanent; keeps it here too when this node is among the k closest, or is the archive
 * and the record permanent (the authority's node keeps the bans and certificates it publishes).
 */
export async function replicate(
  n: NodeInternals,
  valid: ValidRecord,
  emit: (event: QueryEvent) => void,
  signal?: AbortSignal,
): Promise<Result<PutResult, DhtError>> {
  const ctx = n.ctx;
  const found = await runLookup(ctx, n.rpc, { target: valid.dhtKey, mode: 'node', signal, emit });
  let closest: Contact[] = [];
  let hops = 0;
  if (found.ok) {
    closest = found.value.closest;
    hops = found.value.hops;
  } else if (found.error.code !== DhtErrorCode.NoPeers) return found;
  const targets = new Set<PeerId>(closest.map((c) => c.id));
  if (valid.record.permanent) for (const a of n.archivePeers) targets.add(a);
  const statuses: Record<string, number> = {};
  let stored = 0;
  const count = (name: string): void => {
    statuses[name] = (statuses[name] ?? 0) + 1;
  };
  const last = closest[ctx.config.k - 1];
  if (
    (ctx.archive && valid.record.permanent) ||
    last === undefined ||
    compareDistance(ctx.selfNodeId, last.nodeId, valid.dhtKey) < 0
  ) {
    const local = await acceptRecord(ctx, valid);
    if (local === StoreStatus.Stored || local === StoreStatus.Unchanged) stored++;
  }
  const wire = recordToWire(valid.record);
  await Promise.all(
    [...targets].map(async (peer) => {
      const r = await n.rpc.request(peer, 'dhtStore', [wire], { signal, retries: 1 });
      if (!r.ok) {
        count('failed');
        emit({ type: 'store', to: peer, status: 'failed' });
        return;
      }
      const status = r.value[2];
      count(STATUS_NAMES[status] ?? `status-${status}`);
      emit({ type: 'store', to: peer, status });
      if (status === StoreStatus.Stored || status === StoreStatus.Unchanged) stored++;
    }),
  );
  if (signal?.aborted) return err(new DhtError(DhtErrorCode.Aborted, 'put aborted'));
  if (stored === 0) return err(new DhtError(DhtErrorCode.NotStored, 'no node stored the record'));
  return ok({ stored, statuses, targets: targets.size, hops });
}
