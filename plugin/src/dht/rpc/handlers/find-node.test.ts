import { describe, expect, it } from 'vitest';
import { compareDistance } from '../../ids';
import { handlerFixture } from '../../testing/context';
import { randomSeed } from '../../testing/harness';
import { handleFindNode } from './find-node';

describe('FIND_NODE handler', () => {
  it('answers the k closest contacts it knows, never the requester', async () => {
    const { ctx, contact, h } = await handlerFixture({ config: { k: 5 } });
    const known = Array.from({ length: 60 }, () => contact());
    for (const c of known) ctx.routing.seen(c, 0);
    const target = randomSeed(h.rng);
    const requester = [...known].sort((a, b) => compareDistance(a.nodeId, b.nodeId, target))[0]!;
    const [rid, from, contacts] = handleFindNode(ctx, requester, [42, requester.nodeId, target]);
    expect(rid).toBe(42);
    expect(from).toEqual(ctx.selfNodeId);
    const want = known
      .filter((c) => c !== requester && ctx.routing.has(c.id))
      .sort((a, b) => compareDistance(a.nodeId, b.nodeId, target))
      .slice(0, 5);
    expect(contacts).toEqual(want.map((c) => c.nodeId));
  });

  it('answers an empty list when it knows nobody', async () => {
    const { ctx, contact } = await handlerFixture();
    const r = contact();
    expect(handleFindNode(ctx, r, [1, r.nodeId, r.nodeId])[2]).toEqual([]);
  });
});
