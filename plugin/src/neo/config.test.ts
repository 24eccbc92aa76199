import { describe, expect, it } from 'vitest';
import { changeRound, DEFAULT_NEO_CONFIG, EPOCH_GRID, resolveConfig } from './config';
import { NeoConfigError } from './errors';

describe('config', () => {
  it('defaults are valid', () => {
    expect(resolveConfig()).toEqual({ ok: true, value: DEFAULT_NEO_CONFIG });
  });

  it('names the option that is wrong', () => {
    const bad = (over: object) => {
      const r = resolveConfig(over as never);
      return r.ok ? undefined : r.error;
    };
    expect(bad({ maxK: 0 })?.option).toBe('config.maxK');
    expect(bad({ auditRate: 2 })?.message).toMatch(/^config\.auditRate: expected a number in \[0, 1\]/);
    expect(bad({ verify: 'some' })?.option).toBe('config.verify');
    expect(bad({ minK: 4, maxK: 3 })?.option).toBe('config.maxK');
    expect(bad({ bogus: 1 })?.option).toBe('config.bogus');
    expect(bad({ giveUpRounds: 1.5 })).toBeInstanceOf(NeoConfigError);
  });

  it('epoch changes land on the grid, late enough for every member', () => {
    const b = changeRound(DEFAULT_NEO_CONFIG, 2, 100);
    expect(b % EPOCH_GRID).toBe(0);
    expect(b - 2).toBeGreaterThanOrEqual(100 + 2 * 2 + DEFAULT_NEO_CONFIG.giveUpRounds);
    // The SPEC's rule exactly: the first grid round at or after q + 3k + giveUpRounds + 4.
    expect(b).toBe(Math.ceil((100 + 3 * 2 + DEFAULT_NEO_CONFIG.giveUpRounds + 4) / EPOCH_GRID) * EPOCH_GRID);
  });
});
