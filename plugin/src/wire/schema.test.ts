import { describe, expect, it } from 'vitest';
import { type Infer, type Schema, s, validate } from './schema';

function accepts<T>(schema: Schema<T, boolean>, value: unknown): T {
  const r = validate(schema, value);
  if (!r.ok) throw new Error(`rejected: ${r.error.message}`);
  return r.value;
}

function rejects(schema: Schema<unknown, boolean>, value: unknown): string {
  const r = validate(schema, value);
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error.code).toBe('schema');
  return r.error.message;
}

describe('scalars', () => {
  it('uint: safe non-negative integers within bounds', () => {
    const u = s.uint({ max: 10 });
    expect(accepts(u, 0)).toBe(0);
    expect(accepts(u, 10)).toBe(10);
    for (const bad of [-1, 11, 1.5, Number.NaN, '1', null, undefined, 2 ** 53]) rejects(u, bad);
    expect(rejects(s.uint(), 2 ** 53)).toMatch(/expected uint/);
    expect(Object.is(accepts(u, -0), 0)).toBe(true);
  });

  it('int: negative allowed, bounds respected', () => {
    const i = s.int({ min: -5, max: 5 });
    expect(accepts(i, -5)).toBe(-5);
    for (const bad of [-6, 6, 0.5, Number.POSITIVE_INFINITY]) rejects(i, bad);
  });

  it('float: finite only, -0 normalised', () => {
    const f = s.float({ min: 0 });
    expect(accepts(f, 1.25)).toBe(1.25);
    expect(Object.is(accepts(f, -0), 0)).toBe(true);
    for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY, '1', true]) rejects(f, bad);
    rejects(s.float(), Number.NEGATIVE_INFINITY);
  });

  it('bool', () => {
    expect(accepts(s.bool(), false)).toBe(false);
    rejects(s.bool(), 0);
  });

  it('str: length in code units and anchored pattern', () => {
    const id = s.str({ min: 1, max: 4, pattern: /^[a-z]+$/ });
    expect(accepts(id, 'abcd')).toBe('abcd');
    for (const bad of ['', 'abcde', 'AB', 1, null]) rejects(id, bad);
    expect(rejects(id, 'A')).toBe('value: expected str(1..4) matching /^[a-z]+$/');
    expect(() => s.str({ pattern: /a/g })).toThrow(TypeError);
  });

  it('bytes: exact length or range, result is a copy', () => {
    const input = new Uint8Array([1, 2, 3]);
    const out = accepts(s.bytes({ len: 3 }), input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    rejects(s.bytes({ len: 3 }), new Uint8Array(4));
    rejects(s.bytes({ min: 1, max: 2 }), new Uint8Array(0));
    rejects(s.bytes(), [1, 2, 3]);
    rejects(s.bytes(), 'abc');
    expect(rejects(s.bytes({ len: 64 }), 'x')).toBe('value: expected bytes(64), got string(1)');
  });

  it('literal and oneOf', () => {
    expect(accepts(s.literal('a'), 'a')).toBe('a');
    rejects(s.literal(1), '1');
    const kind = s.oneOf(['up', 'down', 3] as const);
    const k: 'up' | 'down' | 3 = accepts(kind, 'down');
    expect(k).toBe('down');
    rejects(kind, 'left');
  });
});

describe('containers', () => {
  it('array: items checked, length bounded, index in path', () => {
    const a = s.array(s.uint(), { max: 3 });
    expect(accepts(a, [1, 2, 3])).toEqual([1, 2, 3]);
    rejects(a, [1, 2, 3, 4]);
    rejects(a, { 0: 1 });
    expect(rejects(a, [1, -2])).toBe('value[1]: expected uint(0..9007199254740991), got number -2');
    rejects(s.array(s.uint(), { min: 1 }), []);
  });

  it('tuple: exact arity', () => {
    const t = s.tuple([s.str(), s.uint()]);
    const v: readonly [string, number] = accepts(t, ['a', 1]);
    expect(v).toEqual(['a', 1]);
    rejects(t, ['a']);
    rejects(t, ['a', 1, 2]);
    expect(rejects(t, [1, 1])).toMatch(/^value\[0\]: expected str/);
  });

  it('object: declared keys only, required present, output in declaration order', () => {
    const o = s.object({ a: s.uint(), b: s.optional(s.str()) });
    expect(Object.keys(accepts(o, { b: 'x', a: 1 }))).toEqual(['a', 'b']);
    expect(accepts(o, { a: 1 })).toEqual({ a: 1 });
    expect('b' in accepts(o, { a: 1, b: undefined })).toBe(false);
    expect(rejects(o, { a: 1, c: 2 })).toBe('value.c: unexpected field');
    expect(rejects(o, {})).toBe('value.a: expected uint(0..9007199254740991), got nothing');
    rejects(o, [1]);
    rejects(o, null);
    rejects(o, new Uint8Array(1));
    rejects(o, new Date());
    expect(accepts(o, Object.assign(Object.create(null), { a: 2 }))).toEqual({ a: 2 });
  });

  it('object: inherited properties never satisfy a field', () => {
    const o = s.object({ toString: s.str() });
    expect(rejects(o, {})).toMatch(/^value\.toString: expected str/);
  });

  it('object: hostile keys are quoted and truncated in the path', () => {
    const o = s.object({ a: s.uint() });
    const msg = rejects(o, { a: 1, ['x'.repeat(100)]: 1 });
    expect(msg).toBe(`value["${'x'.repeat(32)}..."]: unexpected field`);
    expect(rejects(o, { a: 1, 'a b': 1 })).toBe('value["a b"]: unexpected field');
    expect(() => s.object({ ['__proto__']: s.uint() })).toThrow(TypeError);
  });

  it('nullable and optional', () => {
    const n = s.nullable(s.uint());
    expect(accepts(n, null)).toBeNull();
    expect(accepts(n, 3)).toBe(3);
    rejects(n, undefined);
    expect(accepts(s.optional(s.uint()), undefined)).toBeUndefined();
    rejects(s.optional(s.uint()), null);
  });

  it('nested error paths name every field', () => {
    const cert = s.object({ body: s.bytes({ min: 1, max: 8 }), signature: s.bytes({ len: 2 }) });
    const msg = s.object({ certs: s.object({ key: cert, identity: cert }), list: s.array(cert) });
    const good = { body: new Uint8Array(1), signature: new Uint8Array(2) };
    const r = validate(
      msg,
      { certs: { key: { body: 'no', signature: new Uint8Array(2) }, identity: good }, list: [] },
      'body',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe('body.certs.key.body: expected bytes(1..8), got string(2)');
      expect(r.error.path).toBe('body.certs.key.body');
    }
    const r2 = validate(msg, { certs: { key: good, identity: good }, list: [good, { ...good, signature: 1 }] }, 'body');
    expect(!r2.ok && r2.error.path).toBe('body.list[1].signature');
  });

  it('infers static types', () => {
    const o = s.object({ id: s.str(), n: s.optional(s.uint()), tags: s.array(s.str()), v: s.nullable(s.bool()) });
    type O = Infer<typeof o>;
    const value: O = { id: 'a', tags: [], v: null };
    const withN: O = { id: 'a', n: 1, tags: ['x'], v: true };
    expect(accepts(o, value)).toEqual(value);
    expect(accepts(o, withN)).toEqual(withN);
    // @ts-expect-error missing required field
    const bad: O = { id: 'a', tags: [] };
    expect(bad).toBeDefined();
  });
});
