import { describe, expect, it } from 'vitest';
import { defineRoom } from '../room/define';
import { TEST_ZONE, TestRoom } from './fixtures';
import { joinZone } from './join';
import { resolveZoneOptions } from './options';
import { ZoneHarness } from './testing';
import type { JoinZoneOptions } from './types';

const base: JoinZoneOptions<object, unknown> = { zone: TEST_ZONE, room: TestRoom as never };

describe('joinZone options', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['zone.name', { zone: { ...TEST_ZONE, name: 'bad name' } }],
    ['zone.bounds.width', { zone: { ...TEST_ZONE, bounds: { ...TEST_ZONE.bounds, width: 0 } } }],
    ['zone.bounds.x', { zone: { ...TEST_ZONE, bounds: { ...TEST_ZONE.bounds, x: Number.NaN } } }],
    ['room', { room: { name: 'x' } }],
    ['roundMs', { roundMs: 5 }],
    ['k', { k: 0 }],
    ['neo.maxK', { neo: { maxK: 0 } }],
    ['items.decayMs', { items: { decayMs: 1.5 } }],
    ['items.cellSize', { items: { cellSize: 1 } }],
    ['discoveryTimeoutMs', { discoveryTimeoutMs: -1 }],
    ['onProgress', { onProgress: 'yes' }],
    ['colour', { colour: 'red' }],
  ];
  for (const [option, patch] of cases) {
    it(`names ${option}`, () => {
      expect(() => resolveZoneOptions({ ...base, ...patch } as never)).toThrow(`\`${option}\``);
    });
  }

  it('joinZone returns the bad option as a bad-options error value', async () => {
    const h = await ZoneHarness.create({ players: 1, seed: 41 });
    const r = await joinZone(h.players[0]!.ctx, { ...base, k: 99 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('bad-options');
    expect(!r.ok && r.error.message).toContain('`k`');
    const broken = defineRoom({ name: 'broken', initialState: () => ({ t: Math.random() }), messages: {} });
    const r2 = await joinZone(h.players[0]!.ctx, { zone: TEST_ZONE, room: broken });
    expect(!r2.ok && r2.error.message).toContain('`room`');
    const ac = new AbortController();
    ac.abort();
    const r3 = await joinZone(h.players[0]!.ctx, { ...base, signal: ac.signal });
    expect(!r3.ok && r3.error.code).toBe('aborted');
    h.stop();
  });

  it('fills in the defaults', () => {
    const o = resolveZoneOptions(base);
    expect(o).toMatchObject({ roundMs: 50, k: 2, decayMs: 600_000, cellSize: 512, discoveryTimeoutMs: 15000 });
    expect(o.neo.maxInputBytes).toBe(4096);
  });
});
