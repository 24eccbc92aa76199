import { describe, expect, it } from 'vitest';
import { defineRoom } from '../room/define';
import { s } from '../wire/schema';
import { P2POptionError } from './errors';
import { checkBinding, checkItemsShow, checkJoinOptions, checkSample, checkSwitchZone } from './options';

const room = defineRoom({
  name: 'town',
  initialState: () => ({ players: {} as Record<string, { x: number; y: number }> }),
  messages: { move: { schema: s.object({ dx: s.int({ min: -1, max: 1 }) }), handler: () => {} } },
});
const zone = { name: 'town', bounds: { x: 0, y: 0, width: 3072, height: 2304 } };
const good = { name: 'Alice', zone, room };

function optionOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(P2POptionError);
    expect((e as Error).message).toContain((e as P2POptionError).option);
    return (e as P2POptionError).option;
  }
  throw new Error('did not throw');
}

describe('join options', () => {
  it('accept good options and fill in the view defaults', () => {
    expect(checkJoinOptions(good)).toEqual({
      debug: false,
      overlayKey: 'BACKTICK',
      interpolationRounds: 2,
      blendMs: 150,
      snapDistance: 256,
      itemMargin: 128,
    });
    expect(checkJoinOptions({ ...good, overlayKey: 'F3', debug: true }).overlayKey).toBe('F3');
    expect(checkJoinOptions({ ...good, overlayKey: false }).overlayKey).toBe(false);
  });

  it('turn the debug handle on when the page asked for it, unless the game said no', () => {
    const g = globalThis as { P2P_DEBUG?: unknown };
    g.P2P_DEBUG = true;
    try {
      expect(checkJoinOptions(good).debug).toBe(true);
      expect(checkJoinOptions({ ...good, debug: false }).debug).toBe(false);
    } finally {
      delete g.P2P_DEBUG;
    }
    expect(checkJoinOptions(good).debug).toBe(false);
  });

  it('throw at once naming the bad option', () => {
    expect(optionOf(() => checkJoinOptions(undefined))).toBe('options');
    expect(optionOf(() => checkJoinOptions({ ...good, name: 'x' }))).toBe('name');
    expect(optionOf(() => checkJoinOptions({ ...good, name: '9lives' }))).toBe('name');
    expect(optionOf(() => checkJoinOptions({ ...good, zone: undefined }))).toBe('zone');
    expect(optionOf(() => checkJoinOptions({ ...good, zone: { ...zone, name: 'the town' } }))).toBe('zone.name');
    expect(optionOf(() => checkJoinOptions({ ...good, zone: { ...zone, bounds: { ...zone.bounds, width: 0 } } }))).toBe(
      'zone.bounds.width',
    );
    expect(optionOf(() => checkJoinOptions({ ...good, room: { name: 'town' } }))).toBe('room');
    expect(optionOf(() => checkJoinOptions({ ...good, overlayKey: 'NOT_A_KEY' }))).toBe('overlayKey');
    expect(optionOf(() => checkJoinOptions({ ...good, interpolationRounds: 20 }))).toBe('interpolationRounds');
    expect(optionOf(() => checkJoinOptions({ ...good, blendMs: -1 }))).toBe('blendMs');
    expect(optionOf(() => checkJoinOptions({ ...good, debug: 'yes' }))).toBe('debug');
    expect(optionOf(() => checkJoinOptions({ ...good, authorityUrl: 42 }))).toBe('authorityUrl');
    expect(optionOf(() => checkJoinOptions({ ...good, roundMs: 0 }))).toBe('roundMs');
    expect(optionOf(() => checkJoinOptions({ ...good, k: 1.5 }))).toBe('k');
    expect(optionOf(() => checkJoinOptions({ ...good, signal: {} }))).toBe('signal');
  });

  it('refuse an unknown option (a typo) by name', () => {
    expect(optionOf(() => checkJoinOptions({ ...good, roundMS: 50 }))).toBe('roundMS');
  });

  it('check switchZone arguments', () => {
    expect(() => checkSwitchZone(zone, { room })).not.toThrow();
    expect(optionOf(() => checkSwitchZone({ name: '', bounds: zone.bounds }, undefined))).toBe('zone.name');
    expect(optionOf(() => checkSwitchZone(zone, { room: {} }))).toBe('room');
  });
});

describe('binding, sampler and item options', () => {
  const bind = { path: ['players'], create: () => ({}), fields: ['x', 'y'] };

  it('accept a good binding', () => {
    expect(() => checkBinding(bind)).not.toThrow();
    expect(() => checkBinding({ ...bind, local: { predict: (e: unknown) => e } })).not.toThrow();
  });

  it('throw naming the bad part of a binding', () => {
    expect(optionOf(() => checkBinding({ ...bind, path: [] }))).toBe('bind.path');
    expect(optionOf(() => checkBinding({ ...bind, path: 'players' }))).toBe('bind.path');
    expect(optionOf(() => checkBinding({ ...bind, create: undefined }))).toBe('bind.create');
    expect(optionOf(() => checkBinding({ ...bind, fields: ['x', 3] }))).toBe('bind.fields');
    expect(optionOf(() => checkBinding({ ...bind, fields: ['x', 'x'] }))).toBe('bind.fields');
    expect(optionOf(() => checkBinding({ ...bind, update: 'no' }))).toBe('bind.update');
    expect(optionOf(() => checkBinding({ ...bind, local: {} }))).toBe('bind.local.predict');
  });

  it('check sampler arguments', () => {
    expect(checkSample('move', () => 1, undefined)).toEqual({ every: 'round' });
    expect(checkSample('move', () => 1, { every: 'change' })).toEqual({ every: 'change' });
    expect(optionOf(() => checkSample('', () => 1, undefined))).toBe('sample.type');
    expect(optionOf(() => checkSample('move', 1, undefined))).toBe('sample.fn');
    expect(optionOf(() => checkSample('move', () => 1, { every: 'frame' }))).toBe('sample.every');
  });

  it('check items.show options', () => {
    expect(() => checkItemsShow({ create: () => ({}) })).not.toThrow();
    expect(optionOf(() => checkItemsShow({}))).toBe('items.show.create');
    expect(optionOf(() => checkItemsShow({ create: () => ({}), destroy: 1 }))).toBe('items.show.destroy');
  });
});

describe('groups option', () => {
  it('accepts quadtree settings and names a bad field', () => {
    expect(() => checkJoinOptions({ ...good, groups: {} })).not.toThrow();
    expect(() =>
      checkJoinOptions({ ...good, groups: { maxGroup: 4, minGroup: 2, holdMs: 0, position: { x: 1, y: 2 } } }),
    ).not.toThrow();
    expect(optionOf(() => checkJoinOptions({ ...good, groups: 3 }))).toBe('groups');
    expect(optionOf(() => checkJoinOptions({ ...good, groups: { maxGroup: 1 } }))).toBe('groups.maxGroup');
    expect(optionOf(() => checkJoinOptions({ ...good, groups: { maxGroup: 4, minGroup: 5 } }))).toBe('groups.minGroup');
    expect(optionOf(() => checkJoinOptions({ ...good, groups: { position: { x: 'a', y: 0 } } }))).toBe(
      'groups.position.x',
    );
    expect(optionOf(() => checkJoinOptions({ ...good, groups: { size: 3 } }))).toBe('groups.size');
    expect(optionOf(() => checkSwitchZone(zone, { position: { x: 0 } }))).toBe('position.y');
  });
});
