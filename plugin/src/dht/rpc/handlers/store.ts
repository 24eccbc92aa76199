import type { DhtStoreBody } from '../../../wire/messages/dht-store';
import type { DhtStoredBody } from '../../../wire/messages/dht-stored';
import type { NodeContext } from '../../context';
import { acceptRecord } from '../../records/accept';
import { recordFromWire } from '../../records/record';
import type { MaybePromise } from '../../records/validator';
import { StoreStatus } from '../messages';

/**
 * STORE: validates the record (signatures, key, derived fields, expiry, size) and keeps it if
 * it is new, newer, or merges into something new. A record that fails validation is refused
 * and never stored, so never served.
 */
export function handleStore(ctx: NodeContext, body: DhtStoreBody): MaybePromise<DhtStoredBody> {
  const answer = (status: StoreStatus): DhtStoredBody => [body[0], ctx.selfNodeId, status];
  const validated = ctx.validation.validate(recordFromWire(body[2]), ctx.clock.now());
  const decide = (r: Awaited<typeof validated>): MaybePromise<DhtStoredBody> => {
    if (!r.ok) return answer(r.error === 'stale' ? StoreStatus.Stale : StoreStatus.Invalid);
    const status = acceptRecord(ctx, r.value);
    return status instanceof Promise ? status.then(answer) : answer(status);
  };
  return validated instanceof Promise ? validated.then(decide) : decide(validated);
}
