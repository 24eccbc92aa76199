/**
 * Plain data: what a room state may hold. The state hash is `hash32(encodeCanonical(state))`, so
 * anything msgpack would encode differently on another platform, or not at all, is refused
 * before it can reach the state: Map, Set, Date, class instances, functions, `undefined`, NaN,
 * infinities, bigint, symbols, sparse arrays, `__proto__` keys and cycles.
 */

/** Deepest nesting a state may have (also what stops cycles). */
export const MAX_STATE_DEPTH = 64;

/** A value that failed the plain-data check: where, and why. */
export interface PlainIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Formats a path as code would write it: `state.players["a b"][3].pos`. */
export function formatPath(root: string, path: readonly (string | number)[]): string {
  let out = root;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg.length > 40 ? `${seg.slice(0, 40)}...` : seg)}]`;
  }
  return out;
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Names a non-plain object for the error message, with a hint for the usual suspects. */
function notPlain(v: object): string {
  const proto: unknown = Object.getPrototypeOf(v);
  const ctor =
    typeof proto === 'object' && proto !== null ? (proto as { constructor?: unknown }).constructor : undefined;
  const name = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'object';
  if (name === 'Map' || name === 'Set') return `a ${name} is not plain data (use a plain object or an array)`;
  if (name === 'Date') return 'a Date is not plain data (store the time as a number of ms)';
  return `a ${name} instance is not plain data (use a plain object)`;
}

function scalarIssue(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(v) ? undefined : `${v} is not allowed (only finite numbers)`;
    case 'undefined':
      return 'undefined is not allowed (delete the key or use null)';
    case 'bigint':
      return 'a bigint is not allowed (use a number or a string)';
    case 'function':
      return 'a function is not allowed';
    case 'symbol':
      return 'a symbol is not allowed';
    default:
      return undefined;
  }
}

/**
 * Checks that `value` is plain data; returns the first problem found (depth first, keys in
 * enumeration order) or `undefined`. `path` is the value's position, used in the issue.
 */
export function checkPlain(value: unknown, path: readonly (string | number)[] = []): PlainIssue | undefined {
  return walk(value, [...path], 0, undefined);
}

/**
 * Like {@link checkPlain} but also returns a copy with every `Uint8Array` copied, for values
 * that came from a decoder whose byte strings are views into a buffer that may be reused.
 */
export function clonePlain(value: unknown): { value: unknown } | { issue: PlainIssue } {
  const out: { value?: unknown } = {};
  const issue = walk(value, [], 0, out);
  return issue === undefined ? { value: out.value } : { issue };
}

function walk(
  v: unknown,
  path: (string | number)[],
  depth: number,
  out: { value?: unknown } | undefined,
): PlainIssue | undefined {
  if (v === null || typeof v !== 'object') {
    const message = scalarIssue(v);
    if (message !== undefined) return { path, message };
    if (out) out.value = v;
    return undefined;
  }
  if (depth >= MAX_STATE_DEPTH) return { path, message: `nesting deeper than ${MAX_STATE_DEPTH} (or a cycle)` };
  if (v instanceof Uint8Array) {
    if (out) out.value = new Uint8Array(v);
    return undefined;
  }
  if (Object.getOwnPropertySymbols(v).length > 0) return { path, message: 'symbol keys are not allowed' };
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return { path, message: notPlain(v) };
    const copy: unknown[] | undefined = out ? new Array(v.length) : undefined;
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      if (!(i in v)) return { path, message: 'a hole in a sparse array is not allowed' };
      const item: { value?: unknown } | undefined = out ? {} : undefined;
      const issue = walk(v[i], path, depth + 1, item);
      if (issue) return issue;
      if (copy && item) copy[i] = item.value;
      path.pop();
    }
    if (out) out.value = copy;
    return undefined;
  }
  if (!isPlainObject(v)) return { path, message: notPlain(v) };
  const copy: Record<string, unknown> | undefined = out ? {} : undefined;
  const record = v as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    path.push(key);
    if (key === '__proto__') return { path, message: 'the key __proto__ is not allowed' };
    const item: { value?: unknown } | undefined = out ? {} : undefined;
    const issue = walk(record[key], path, depth + 1, item);
    if (issue) return issue;
    if (copy && item) copy[key] = item.value;
    path.pop();
  }
  if (out) out.value = copy;
  return undefined;
}
