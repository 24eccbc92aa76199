import { err, ok, type Result } from '../util/result';
import { WireError } from './errors';

/** Where and why a value failed: `path` runs from the root (field names, array indices). */
export interface Issue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** A validator for values of type `T`; `O` is true for {@link s.optional} (field may be absent). */
export interface Schema<T, O extends boolean = false> {
  /** What the schema accepts, for error messages, e.g. `bytes(64)`. */
  readonly expected: string;
  readonly optional: O;
  /** Checks `value` fully and returns a fresh copy: bytes copied, object keys in declaration order. */
  readonly check: (value: unknown) => Result<T, Issue>;
}

/** The TypeScript type a schema accepts. */
export type Infer<S> = S extends Schema<infer T, boolean> ? T : never;

type AnySchema = Schema<unknown, boolean>;
type Shape = { readonly [key: string]: AnySchema };
type Literal = string | number | boolean | null;
type OptionalKeys<P extends Shape> = { [K in keyof P]: P[K]['optional'] extends true ? K : never }[keyof P];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The output of `s.object(shape)`: required and optional (`?`) readonly fields. */
export type ObjectOf<P extends Shape> = Simplify<
  { readonly [K in Exclude<keyof P, OptionalKeys<P>>]: Infer<P[K]> } & {
    readonly [K in OptionalKeys<P>]?: Exclude<Infer<P[K]>, undefined>;
  }
>;

/** Names the received value without echoing its content (it may be hostile and huge). */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (typeof v === 'string') return `string(${v.length})`;
  if (typeof v === 'number') return `number ${v}`;
  return typeof v;
}

function fail(expected: string, v: unknown): Result<never, Issue> {
  return err({ path: [], message: `expected ${expected}, got ${describe(v)}` });
}

function make<T>(expected: string, check: (v: unknown) => Result<T, Issue>): Schema<T> {
  return { expected, optional: false, check };
}

function span(min: number, max: number): string {
  if (min === max) return `${min}`;
  return `${min}..${Number.isFinite(max) ? max : ''}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** With the `u` flag a surrogate pair is one code point, so only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/u;

interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

function number(kind: string, integer: boolean, lo: number, hi: number): Schema<number> {
  const expected = `${kind}(${span(lo, hi)})`;
  return make(expected, (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) return fail(expected, v);
    if (integer && !Number.isSafeInteger(v)) return fail(expected, v);
    // -0 would re-encode as 0; normalising keeps decode -> encode -> decode stable.
    return ok(v === 0 ? 0 : v);
  });
}

/** An array of `item`s whose length is in [min, max]. */
function array<S extends AnySchema>(item: S, bounds: Bounds = {}): Schema<readonly Infer<S>[]> {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  const expected = `array(${span(min, max)}) of ${item.expected}`;
  return make(expected, (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return fail(expected, v);
    const out: Infer<S>[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const r = item.check(v[i]);
      if (!r.ok) {
        r.error.path.unshift(i);
        return r;
      }
      out[i] = r.value as Infer<S>;
    }
    return ok(out);
  });
}

/** A plain object with exactly the declared fields; see `s.object`. */
function object<P extends Shape>(shape: P): Schema<ObjectOf<P>> {
  const names = Object.keys(shape);
  // Assigning `__proto__` on the output would change its prototype, so a shape may not declare it.
  if (names.includes('__proto__')) throw new TypeError('s.object: field __proto__ is not allowed');
  return make('object', (v) => {
    if (!isPlainObject(v)) return fail('object', v);
    for (const key of Object.keys(v)) {
      if (!Object.hasOwn(shape, key)) return err({ path: [key], message: 'unexpected field' });
    }
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const field = shape[name]!;
      const value = Object.hasOwn(v, name) ? v[name] : undefined;
      if (value === undefined && field.optional) continue;
      const r = field.check(value);
      if (!r.ok) {
        r.error.path.unshift(name);
        return r;
      }
      out[name] = r.value;
    }
    return ok(out as ObjectOf<P>);
  });
}

/** The schema combinators. Every schema rejects anything it does not explicitly accept. */
export const s = {
  /** A safe integer in [min, max], default [0, 2^53 - 1]. */
  uint: (b: Bounds = {}): Schema<number> => number('uint', true, b.min ?? 0, b.max ?? Number.MAX_SAFE_INTEGER),
  /** A safe integer in [min, max]. */
  int: (b: Bounds = {}): Schema<number> =>
    number('int', true, b.min ?? Number.MIN_SAFE_INTEGER, b.max ?? Number.MAX_SAFE_INTEGER),
  /** A finite number in [min, max]; NaN and infinities are never accepted. */
  float: (b: Bounds = {}): Schema<number> =>
    number('float', false, b.min ?? Number.NEGATIVE_INFINITY, b.max ?? Number.POSITIVE_INFINITY),
  bool: (): Schema<boolean> => make('bool', (v) => (typeof v === 'boolean' ? ok(v) : fail('bool', v))),
  /** A string whose length (UTF-16 code units) is in [min, max] and that matches `pattern` (anchor it). */
  str: (b: Bounds & { readonly pattern?: RegExp } = {}): Schema<string> => {
    const min = b.min ?? 0;
    const max = b.max ?? Number.POSITIVE_INFINITY;
    const { pattern } = b;
    // `test` on a global or sticky RegExp is stateful, which would make validation order-dependent.
    if (pattern?.global || pattern?.sticky) throw new TypeError('s.str: pattern must not be global or sticky');
    const expected = `str(${span(min, max)})${pattern ? ` matching ${pattern}` : ''}`;
    return make(expected, (v) => {
      if (typeof v !== 'string' || v.length < min || v.length > max) return fail(expected, v);
      // A lone surrogate has no UTF-8 form: it would encode to bytes every peer rejects as malformed.
      if (LONE_SURROGATE.test(v)) return err({ path: [], message: `expected ${expected}, got a lone surrogate` });
      if (pattern && !pattern.test(v)) return err({ path: [], message: `expected ${expected}` });
      return ok(v);
    });
  },
  /** A byte string of exactly `len` bytes, or of a length in [min, max]. The result is a copy. */
  bytes: (b: { readonly len: number } | Bounds = {}): Schema<Uint8Array> => {
    const min = 'len' in b ? b.len : (b.min ?? 0);
    const max = 'len' in b ? b.len : (b.max ?? Number.POSITIVE_INFINITY);
    const expected = `bytes(${span(min, max)})`;
    return make(expected, (v) => {
      if (!(v instanceof Uint8Array) || v.length < min || v.length > max) return fail(expected, v);
      return ok(new Uint8Array(v));
    });
  },
  /** Exactly `value`. */
  literal: <const V extends Literal>(value: V): Schema<V> => {
    const expected = JSON.stringify(value);
    return make(expected, (v) => (v === value ? ok(value) : fail(expected, v)));
  },
  /** One of the listed literals. */
  oneOf: <const V extends readonly Literal[]>(values: V): Schema<V[number]> => {
    const expected = `one of ${JSON.stringify(values)}`;
    return make(expected, (v) => {
      const i = values.indexOf(v as Literal);
      return i >= 0 ? ok(values[i] as V[number]) : fail(expected, v);
    });
  },
  array,
  /** A fixed-length array whose items match `items` position by position. */
  tuple: <const I extends readonly AnySchema[]>(items: I): Schema<{ readonly [K in keyof I]: Infer<I[K]> }> => {
    const expected = `tuple(${items.length})`;
    return make(expected, (v) => {
      if (!Array.isArray(v) || v.length !== items.length) return fail(expected, v);
      const out: unknown[] = [];
      for (let i = 0; i < items.length; i++) {
        const r = items[i]!.check(v[i]);
        if (!r.ok) {
          r.error.path.unshift(i);
          return r;
        }
        out.push(r.value);
      }
      return ok(out as { readonly [K in keyof I]: Infer<I[K]> });
    });
  },
  /** A plain object with exactly the declared keys (optional ones may be absent); unknown keys are rejected. */
  object,
  /** Marks an object field as optional: absent (or `undefined`) is accepted and omitted from the output. */
  optional: <T>(inner: Schema<T>): Schema<T | undefined, true> => ({
    expected: `optional ${inner.expected}`,
    optional: true,
    check: (v) => (v === undefined ? ok(undefined) : inner.check(v)),
  }),
  /** `inner` or `null`. */
  nullable: <T>(inner: Schema<T>): Schema<T | null> =>
    make(`${inner.expected} or null`, (v) => (v === null ? ok(null) : inner.check(v))),
} as const;

const IDENTIFIER = /^[A-Za-z_$][\w$]{0,31}$/;

function formatPath(root: string, path: readonly (string | number)[]): string {
  let out = root;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += `.${seg}`;
    // Unexpected keys come from the sender: quote them and cap their length for the logs.
    else out += `[${JSON.stringify(seg.length > 32 ? `${seg.slice(0, 32)}...` : seg)}]`;
  }
  return out;
}

/**
 * Checks `value` against `schema`. On success the value is a validated copy; on failure a
 * `schema` {@link WireError} whose message starts with the path, e.g. `body.certs.key.body: expected bytes(1..1024), got string(3)`.
 */
export function validate<T>(schema: Schema<T, boolean>, value: unknown, root = 'value'): Result<T, WireError> {
  const r = schema.check(value);
  if (r.ok) return r;
  const path = formatPath(root, r.error.path);
  return err(new WireError('schema', `${path}: ${r.error.message}`, { path }));
}
