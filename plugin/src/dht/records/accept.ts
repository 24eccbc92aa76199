import { type NodeContext, nextRepublish } from '../context';
import { StoreStatus } from '../rpc/messages';
import type { ValidRecord } from './record';
import type { MaybePromise } from './validator';

/**
 * Keeps a validated record: resolves it with the version held (newer wins, or the type's
 * merge), refreshes the republish timer when it brings nothing new (someone else republished
 * it), and refuses an older version as `stale`. The archive keeps permanent records outside the
 * record limit.
 */
export function acceptRecord(ctx: NodeContext, incoming: ValidRecord): MaybePromise<StoreStatus> {
  const now = ctx.clock.now();
  const key = incoming.dhtKeyHex;
  const held = ctx.store.get(key);
  const archived = ctx.archive && incoming.record.permanent;
  if (held === undefined) {
    if (!archived && !ctx.store.hasRoom()) return StoreStatus.Full;
    ctx.store.set({ valid: incoming, storedAt: now, republishAt: nextRepublish(ctx, now), archived });
    return StoreStatus.Stored;
  }
  const combined = ctx.validation.combine(held.valid, incoming, now);
  const finish = (kept: ValidRecord | undefined | 'invalid'): StoreStatus => {
    if (kept === 'invalid') return StoreStatus.Invalid;
    const current = ctx.store.get(key);
    if (current === undefined) return StoreStatus.Unchanged; // expired or dropped meanwhile
    if (kept === undefined) {
      ctx.store.delete(key);
      return StoreStatus.Unchanged;
    }
    if (kept.digestHex === current.valid.digestHex) {
      if (
        incoming.digestHex !== current.valid.digestHex &&
        ctx.validation.validator(kept.record.type)?.merge === undefined
      ) {
        return StoreStatus.Stale;
      }
      current.storedAt = now;
      current.republishAt = nextRepublish(ctx, now);
      return StoreStatus.Unchanged;
    }
    ctx.store.set({
      valid: kept,
      storedAt: now,
      republishAt: nextRepublish(ctx, now),
      archived: current.archived || archived,
    });
    return StoreStatus.Stored;
  };
  if (combined instanceof Promise) return combined.then((r) => finish(r.ok ? r.value : 'invalid'));
  return finish(combined.ok ? combined.value : 'invalid');
}
