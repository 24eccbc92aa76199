import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args';
import { flattenFigures, formatTable, roundFigure, roundFigures } from './format';
import { median } from './timing';

describe('parseBenchArgs', () => {
  it('reads --json, --only in both spellings, and --help', () => {
    expect(parseBenchArgs([])).toEqual({ ok: true, value: { json: false, only: [], help: false } });
    expect(parseBenchArgs(['--json', '--only', 'crypto'])).toEqual({
      ok: true,
      value: { json: true, only: ['crypto'], help: false },
    });
    expect(parseBenchArgs(['--only=a,b', '--only', 'c', '-h'])).toEqual({
      ok: true,
      value: { json: false, only: ['a', 'b', 'c'], help: true },
    });
  });

  it('refuses unknown arguments and a missing section name', () => {
    expect(parseBenchArgs(['--fast']).ok).toBe(false);
    expect(parseBenchArgs(['--only']).ok).toBe(false);
    expect(parseBenchArgs(['--only', '--json']).ok).toBe(false);
  });
});

describe('figures', () => {
  const figures = { crypto: { webcrypto: { signMs: 0.081234 }, ratio: { sign: 59.123456 }, backend: 'webcrypto' } };

  it('flattens to dotted keys in order', () => {
    expect(flattenFigures(figures)).toEqual([
      ['crypto.webcrypto.signMs', 0.081234],
      ['crypto.ratio.sign', 59.123456],
      ['crypto.backend', 'webcrypto'],
    ]);
  });

  it('rounds to 4 significant digits and keeps integers and non-numbers', () => {
    expect(roundFigure(0.081234)).toBe(0.08123);
    expect(roundFigure(1234.5678)).toBe(1235);
    expect(roundFigure(200)).toBe(200);
    expect(roundFigures({ a: { b: 1.23456, c: null, d: 'x' } })).toEqual({ a: { b: 1.235, c: null, d: 'x' } });
  });

  it('prints an aligned table', () => {
    const lines = formatTable(figures).split('\n');
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[2]).toMatch(/^crypto\.webcrypto\.signMs\s+0\.08123$/);
  });

  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
