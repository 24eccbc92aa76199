import type { DhtFindValueBody } from '../../../wire/messages/dht-find-value';
import type { DhtValueBody } from '../../../wire/messages/dht-value';
import type { Contact } from '../../contact';
import type { NodeContext } from '../../context';
import { keyHex } from '../../ids';
import { recordToWire } from '../../records/record';

/**
 * FIND_VALUE: the record held under the key, if it is still alive (never an expired or decayed
 * one), and the k closest contacts either way (so a quorum read can go on).
 */
export function handleFindValue(ctx: NodeContext, from: Contact, body: DhtFindValueBody): DhtValueBody {
  const key = body[2];
  const held = ctx.store.get(keyHex(key));
  let record: DhtValueBody[2] = null;
  if (held !== undefined) {
    const v = ctx.validation.validator(held.valid.record.type);
    if (v?.isLive(held.valid.record, held.valid.parsed, ctx.clock.now())) record = recordToWire(held.valid.record);
    else ctx.store.delete(held.valid.dhtKeyHex);
  }
  const closest = ctx.routing.closest(key, ctx.config.k, from.id);
  return [body[0], ctx.selfNodeId, record, closest.map((c) => c.nodeId)];
}
