import { describe, expect, it } from 'vitest';
import { checkPlain, clonePlain, formatPath, MAX_STATE_DEPTH } from './plain';

describe('checkPlain', () => {
  it('accepts plain data', () => {
    expect(
      checkPlain({ a: [1, 'x', true, null, new Uint8Array(2), { b: -0.5 }], c: Object.create(null) as object }),
    ).toBeUndefined();
  });

  it.each([
    ['Map', new Map(), 'a Map is not plain data'],
    ['Set', new Set(), 'a Set is not plain data'],
    ['Date', new Date(0), 'a Date is not plain data'],
    ['class', new (class Sword {})(), 'a Sword instance is not plain data'],
    ['undefined', undefined, 'undefined is not allowed'],
    ['NaN', Number.NaN, 'NaN is not allowed'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity is not allowed'],
    ['bigint', 1n, 'bigint'],
    ['function', () => 1, 'function'],
  ])('rejects %s with its path', (_name, bad, message) => {
    const issue = checkPlain({ players: { bob: { bag: [0, bad] } } });
    expect(issue?.path).toEqual(['players', 'bob', 'bag', 1]);
    expect(issue?.message).toContain(message);
    expect(formatPath('state', issue?.path ?? [])).toBe('state.players.bob.bag[1]');
  });

  it('rejects sparse arrays, symbol keys, __proto__ keys and cycles', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    expect(checkPlain({ a: [1, , 3] })?.message).toContain('sparse');
    expect(checkPlain({ [Symbol('s')]: 1 })?.message).toContain('symbol');
    const proto = JSON.parse('{"__proto__": 1}') as object;
    expect(checkPlain({ x: proto })?.path).toEqual(['x', '__proto__']);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(checkPlain(cyclic)?.message).toContain(`deeper than ${MAX_STATE_DEPTH}`);
  });

  it('quotes keys that are not identifiers', () => {
    expect(formatPath('state', ['players', 'a b', 0])).toBe('state.players["a b"][0]');
  });

  it('clonePlain copies byte strings', () => {
    const bytes = new Uint8Array([1, 2]);
    const out = clonePlain({ b: bytes });
    expect('value' in out).toBe(true);
    if (!('value' in out)) return;
    const copy = (out.value as { b: Uint8Array }).b;
    expect(copy).toEqual(bytes);
    expect(copy).not.toBe(bytes);
  });
});
