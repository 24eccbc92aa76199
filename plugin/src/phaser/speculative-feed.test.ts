/**
 * The feed hands speculative bindings their collection from the room's speculative view: the
 * room handle's in a one-group zone, the merged view (`speculativeStateAt`) in a zone of quadtree
 * groups, and nothing where the room has no speculative view.
 */
import { describe, expect, it } from 'vitest';
import type { EntityBinding } from './bindings';
import { type FedBinding, SpeculativeFeed } from './speculative-feed';
import type { AnyZoneRoom, EntityBindingDecl } from './types';

type Fed = { collection: unknown; stamp: number };

function binding(path: string[], speculative: boolean, fed: Fed[]): FedBinding {
  const runtime = { speculate: (collection: unknown, stamp: number) => fed.push({ collection, stamp }) };
  return {
    decl: { path, speculative } as unknown as EntityBindingDecl<object, unknown, unknown>,
    runtime: runtime as unknown as EntityBinding<object, unknown, unknown>,
  };
}

const roundTime = (r: number): number => r * 50;

describe('SpeculativeFeed', () => {
  it("feeds a one-group zone's handle view, only when the bound collection or the round changed", () => {
    const fed: Fed[] = [];
    let state = { players: { a: { x: 1 } }, chests: {} };
    let round = 10;
    const room = {
      roundTime,
      room: {
        get speculativeState() {
          return state;
        },
        get speculativeRound() {
          return round;
        },
      },
    } as unknown as AnyZoneRoom;
    const feed = new SpeculativeFeed();
    const bindings = [binding(['players'], true, fed), binding(['chests'], false, [])];
    expect(feed.frame(room, bindings, 600)).toBeDefined();
    expect(fed).toEqual([{ collection: state.players, stamp: 500 }]);
    feed.frame(room, bindings, 610);
    expect(fed).toHaveLength(1);
    // Another collection changed (not bound speculatively): nothing to feed.
    state = { ...state, chests: { c: 1 } };
    feed.frame(room, bindings, 620);
    expect(fed).toHaveLength(1);
    state = { ...state, players: { a: { x: 2 } } };
    feed.frame(room, bindings, 630);
    round = 11;
    feed.frame(room, bindings, 640);
    expect(fed.map((f) => f.stamp)).toEqual([500, 500, 550]);
    expect(fed[1]!.collection).toEqual({ a: { x: 2 } });
  });

  it('feeds a zone of quadtree groups from its merged speculative view', () => {
    const fed: Fed[] = [];
    const merged = { a: { x: 5 }, across: { x: 900 } };
    const room = {
      roundTime,
      stateAt: () => ({ a: { x: 1 } }),
      speculativeStateAt: (path: readonly string[]) => (path[0] === 'players' ? merged : undefined),
      speculativeRound: 20,
      // The leaf's own handle would hide the avatar across the border: never read.
      room: {
        get speculativeState(): never {
          throw new Error('read the leaf handle');
        },
      },
    } as unknown as AnyZoneRoom;
    const feed = new SpeculativeFeed();
    expect(feed.frame(room, [binding(['players'], true, fed)], 1100)).toBeDefined();
    expect(fed).toEqual([{ collection: merged, stamp: 1000 }]);
  });

  it('feeds nothing (decided states are drawn) where the room has no speculative view', () => {
    const fed: Fed[] = [];
    const groupsWithout = { roundTime, stateAt: () => ({}), room: {} } as unknown as AnyZoneRoom;
    const handleWithout = { roundTime, room: { state: {} } } as unknown as AnyZoneRoom;
    const feed = new SpeculativeFeed();
    expect(feed.frame(groupsWithout, [binding(['players'], true, fed)], 100)).toBeUndefined();
    expect(feed.frame(handleWithout, [binding(['players'], true, fed)], 100)).toBeUndefined();
    expect(fed).toEqual([]);
  });
});
