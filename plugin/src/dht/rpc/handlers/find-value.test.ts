import { describe, expect, it } from 'vitest';
import { recordKey } from '../../ids';
import { acceptRecord } from '../../records/accept';
import { recordToWire } from '../../records/record';
import { handlerFixture } from '../../testing/context';
import { certRecordOf } from '../../testing/records';
import { handleFindValue } from './find-value';

describe('FIND_VALUE handler', () => {
  it('serves a live record it holds, with its closest contacts', async () => {
    const { ctx, contact, h } = await handlerFixture({ config: { k: 3 } });
    for (let i = 0; i < 10; i++) ctx.routing.seen(contact(), 0);
    const record = certRecordOf(await h.player('Alice'));
    const valid = await ctx.validation.validate(record, h.clock.now());
    if (!valid.ok) throw new Error(valid.error);
    await acceptRecord(ctx, valid.value);
    const asker = contact();
    const [, , served, contacts] = handleFindValue(ctx, asker, [9, asker.nodeId, recordKey(record.key)]);
    expect(served).toEqual(recordToWire(record));
    expect(contacts).toHaveLength(3);
  });

  it('answers contacts only for an unknown key, and never serves an expired record', async () => {
    const { ctx, contact, h } = await handlerFixture();
    const asker = contact();
    expect(handleFindValue(ctx, asker, [1, asker.nodeId, recordKey('cert:none')])[2]).toBeNull();
    const player = await h.player('Bob');
    const record = certRecordOf(player);
    const valid = await ctx.validation.validate(record, h.clock.now());
    if (!valid.ok) throw new Error(valid.error);
    await acceptRecord(ctx, valid.value);
    h.clock.advance(player.keyExpiry - h.clock.now() + 1);
    expect(handleFindValue(ctx, asker, [2, asker.nodeId, recordKey(record.key)])[2]).toBeNull();
    expect(ctx.store.size).toBe(0);
  });
});
