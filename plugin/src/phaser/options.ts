import { isValidName, MAX_NAME_LENGTH, MIN_NAME_LENGTH } from '../auth/names';
import { P2POptionError } from './errors';
import type {
  EntityBindingDecl,
  ItemsShowOptions,
  P2PJoinOptions,
  P2PViewOptions,
  SampleOptions,
  SwitchZoneOptions,
} from './types';

/** Zone names, as the zone layer accepts them. */
export const ZONE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Key names accepted for `overlayKey`: Phaser's `KeyCodes` names for letters, digits, F1..F12
 * and a few keys a game rarely uses for play. (The plugin does not load Phaser to look them up.)
 */
const KEY_NAME = /^([A-Z]|F([1-9]|1[0-2])|ZERO|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE)$/;
const OTHER_KEYS = new Set([
  'BACKTICK',
  'TAB',
  'INSERT',
  'HOME',
  'END',
  'PAGE_UP',
  'PAGE_DOWN',
  'PAUSE',
  'SCROLL_LOCK',
  'BACK_SLASH',
  'OPEN_BRACKET',
  'CLOSED_BRACKET',
  'SEMICOLON',
  'QUOTES',
  'PERIOD',
  'COMMA',
  'FORWARD_SLASH',
  'MINUS',
  'PLUS',
]);

/** View options with their defaults filled in. */
export interface ResolvedViewOptions {
  readonly debug: boolean;
  readonly overlayKey: string | false;
  readonly interpolationRounds: number;
  readonly blendMs: number;
  readonly snapDistance: number;
  readonly itemMargin: number;
}

/** Defaults of {@link P2PViewOptions}. */
export const DEFAULT_VIEW_OPTIONS: ResolvedViewOptions = Object.freeze({
  debug: false,
  overlayKey: 'BACKTICK',
  interpolationRounds: 2,
  blendMs: 150,
  snapDistance: 256,
  itemMargin: 128,
});

const JOIN_KEYS = new Set([
  'name',
  'zone',
  'room',
  'signal',
  // session
  'authorityUrl',
  'keyStore',
  'openTransport',
  'iceServers',
  'clock',
  'rng',
  'fetch',
  'dht',
  'bootstrapIntervalMs',
  // zone
  'roundMs',
  'k',
  'neo',
  'items',
  'discoveryTimeoutMs',
  'testHooks',
  'groups',
  // view
  'debug',
  'overlayKey',
  'interpolationRounds',
  'blendMs',
  'snapDistance',
  'itemMargin',
]);

/** Describes a bad value without dumping it. */
function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Throws a {@link P2POptionError} naming `option`. */
export function badOption(option: string, expected: string, got: unknown): never {
  throw new P2POptionError(option, `p2p option \`${option}\` must be ${expected}, got ${show(got)}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optional(option: string, v: unknown, check: (v: unknown) => boolean, expected: string): void {
  if (v !== undefined && !check(v)) badOption(option, expected, v);
}

function numberIn(option: string, v: unknown, lo: number, hi: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    badOption(option, `a number between ${lo} and ${hi}`, v);
  }
  return v;
}

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isFunction = (v: unknown): boolean => typeof v === 'function';

/** Checks a rectangle `{ x, y, width, height }` with a positive size. */
export function checkRect(option: string, v: unknown): void {
  if (!isObject(v)) badOption(option, 'a rectangle { x, y, width, height }', v);
  for (const k of ['x', 'y'] as const) {
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) badOption(`${option}.${k}`, 'a finite number', v[k]);
  }
  for (const k of ['width', 'height'] as const) {
    if (!positive(v[k])) badOption(`${option}.${k}`, 'a positive number', v[k]);
  }
}

/** Checks a zone definition `{ name, bounds }`. */
export function checkZone(option: string, v: unknown): void {
  if (!isObject(v)) badOption(option, 'a zone { name, bounds }', v);
  if (typeof v.name !== 'string' || !ZONE_NAME_PATTERN.test(v.name)) {
    badOption(`${option}.name`, '1..64 characters of [A-Za-z0-9_.-]', v.name);
  }
  checkRect(`${option}.bounds`, v.bounds);
}

/** Checks a room definition made by `defineRoom`. */
export function checkRoomDefinition(option: string, v: unknown): void {
  if (!isObject(v) || typeof v.name !== 'string' || !(v.messages instanceof Map) || !isObject(v.config)) {
    badOption(option, 'a room definition made by defineRoom()', v);
  }
}

function checkSignal(option: string, v: unknown): void {
  optional(option, v, (s) => isObject(s) && typeof s.aborted === 'boolean', 'an AbortSignal');
}

/**
 * Whether the page asked for the debug handle without the game passing `debug`: a test harness
 * sets `globalThis.P2P_DEBUG = true` before the game loads (Playwright's `addInitScript`), so a
 * game written without test hooks, like the README's example, can still be checked.
 */
function debugRequested(): boolean {
  return (globalThis as { P2P_DEBUG?: unknown }).P2P_DEBUG === true;
}

/** Checks the view options and fills in their defaults. */
export function resolveViewOptions(o: P2PViewOptions): ResolvedViewOptions {
  const d = DEFAULT_VIEW_OPTIONS;
  optional('debug', o.debug, (v) => typeof v === 'boolean', 'a boolean');
  const key = o.overlayKey;
  if (key !== undefined && key !== false && (typeof key !== 'string' || !(KEY_NAME.test(key) || OTHER_KEYS.has(key)))) {
    badOption('overlayKey', "a Phaser key name such as 'BACKTICK' or 'F3', or false", key);
  }
  return {
    debug: o.debug ?? (debugRequested() || d.debug),
    overlayKey: key ?? d.overlayKey,
    interpolationRounds: numberIn('interpolationRounds', o.interpolationRounds, 0, 8, d.interpolationRounds),
    blendMs: numberIn('blendMs', o.blendMs, 0, 2000, d.blendMs),
    snapDistance: numberIn('snapDistance', o.snapDistance, 1, Number.MAX_SAFE_INTEGER, d.snapDistance),
    itemMargin: numberIn('itemMargin', o.itemMargin, 0, 1_000_000, d.itemMargin),
  };
}

/**
 * Checks `join()` options at once; a bad one throws a {@link P2POptionError} naming it. The
 * session and the zone check the finer ranges of the options passed through to them.
 */
export function checkJoinOptions(o: unknown): ResolvedViewOptions {
  if (!isObject(o)) badOption('options', 'an object', o);
  for (const key of Object.keys(o)) {
    if (!JOIN_KEYS.has(key)) {
      throw new P2POptionError(key, `unknown p2p option \`${key}\` (known: ${[...JOIN_KEYS].join(', ')})`);
    }
  }
  if (!isValidName(o.name)) {
    badOption(
      'name',
      `${MIN_NAME_LENGTH}..${MAX_NAME_LENGTH} letters, digits, "_" or "-", starting with a letter`,
      o.name,
    );
  }
  checkZone('zone', o.zone);
  checkRoomDefinition('room', o.room);
  checkSignal('signal', o.signal);
  optional('authorityUrl', o.authorityUrl, (v) => typeof v === 'string', 'a URL string');
  optional('keyStore', o.keyStore, (v) => isObject(v) && isFunction(v.load) && isFunction(v.save), 'a KeyStore');
  optional('openTransport', o.openTransport, isFunction, 'a function');
  optional('iceServers', o.iceServers, Array.isArray, 'an array of RTCIceServer');
  optional('clock', o.clock, (v) => isObject(v) && isFunction(v.now) && isFunction(v.setTimeout), 'a Clock');
  optional('rng', o.rng, isObject, 'an Rng');
  optional('fetch', o.fetch, isFunction, 'a function');
  optional('dht', o.dht, (v) => typeof v === 'boolean', 'a boolean');
  optional('bootstrapIntervalMs', o.bootstrapIntervalMs, positive, 'a positive number');
  optional('roundMs', o.roundMs, positive, 'a positive number');
  optional('k', o.k, (v) => typeof v === 'number' && Number.isInteger(v) && v > 0, 'a positive integer');
  optional('neo', o.neo, isObject, 'an object of NEO settings');
  optional('items', o.items, isObject, 'an object { decayMs?, cellSize? }');
  optional('discoveryTimeoutMs', o.discoveryTimeoutMs, positive, 'a positive number');
  optional('testHooks', o.testHooks, isObject, 'an object of NEO hooks');
  if (o.groups !== undefined) checkGroups('groups', o.groups);
  return resolveViewOptions(o as P2PViewOptions);
}

const GROUPS_KEYS = [
  'maxGroup',
  'minGroup',
  'holdMs',
  'borderMargin',
  'viewMargin',
  'maxSpeed',
  'position',
  'entityPath',
];

function checkPoint(option: string, v: unknown): void {
  if (!isObject(v)) badOption(option, 'a point { x, y }', v);
  for (const k of ['x', 'y'] as const) {
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) badOption(`${option}.${k}`, 'a finite number', v[k]);
  }
}

/**
 * Checks the `groups` option (quadtree groups: `{ maxGroup?, minGroup?, holdMs?, ... }`); the
 * groups layer checks the finer ranges (`maxGroup` 2..32, `minGroup` at most `maxGroup`) and its
 * error names `groups.<field>` too.
 */
export function checkGroups(option: string, v: unknown): void {
  if (!isObject(v)) badOption(option, 'an object { maxGroup?, minGroup?, holdMs?, position?, ... }', v);
  for (const key of Object.keys(v)) {
    if (!GROUPS_KEYS.includes(key)) {
      throw new P2POptionError(
        `${option}.${key}`,
        `unknown p2p option \`${option}.${key}\` (known: ${GROUPS_KEYS.join(', ')})`,
      );
    }
  }
  const int = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x > 0;
  optional(
    `${option}.maxGroup`,
    v.maxGroup,
    (x) => int(x) && (x as number) >= 2 && (x as number) <= 32,
    'an integer from 2 to 32',
  );
  optional(`${option}.minGroup`, v.minGroup, int, 'a positive integer');
  if (typeof v.maxGroup === 'number' && typeof v.minGroup === 'number' && v.minGroup > v.maxGroup) {
    badOption(`${option}.minGroup`, `at most ${option}.maxGroup (${v.maxGroup})`, v.minGroup);
  }
  const nonNegative = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  optional(`${option}.holdMs`, v.holdMs, nonNegative, 'a number >= 0');
  optional(`${option}.borderMargin`, v.borderMargin, nonNegative, 'a number >= 0');
  optional(`${option}.viewMargin`, v.viewMargin, nonNegative, 'a number >= 0');
  optional(`${option}.maxSpeed`, v.maxSpeed, positive, 'a positive number');
  if (v.position !== undefined) checkPoint(`${option}.position`, v.position);
  optional(
    `${option}.entityPath`,
    v.entityPath,
    (p) => Array.isArray(p) && p.length > 0 && p.every((k) => typeof k === 'string' || typeof k === 'number'),
    "a non-empty array of keys, e.g. ['players']",
  );
}

/** Checks `switchZone(zone, options)`. */
export function checkSwitchZone(zone: unknown, o: unknown): void {
  checkZone('zone', zone);
  if (o === undefined) return;
  if (!isObject(o)) badOption('options', 'an object { room?, signal?, position? }', o);
  if (o.room !== undefined) checkRoomDefinition('room', o.room);
  checkSignal('signal', o.signal);
  if (o.position !== undefined) checkPoint('position', o.position);
}

/** Checks an entity binding declaration. */
export function checkBinding(decl: unknown): asserts decl is EntityBindingDecl<object, unknown> {
  if (!isObject(decl)) badOption('bind', 'an object { path, create, fields, ... }', decl);
  const path = decl.path;
  if (
    !Array.isArray(path) ||
    path.length === 0 ||
    !path.every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isInteger(k) && k >= 0))
  ) {
    badOption('bind.path', "a non-empty array of keys, e.g. ['players']", path);
  }
  if (!isFunction(decl.create)) badOption('bind.create', 'a function (id, entity) => gameObject', decl.create);
  const fields = decl.fields;
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string' && f.length > 0)) {
    badOption('bind.fields', "an array of numeric field names, e.g. ['x', 'y']", fields);
  }
  if (new Set(fields).size !== fields.length) badOption('bind.fields', 'distinct field names', fields);
  optional('bind.update', decl.update, isFunction, 'a function (obj, entity, id) => void');
  optional('bind.destroy', decl.destroy, isFunction, 'a function (obj, id) => void');
  optional('bind.place', decl.place, isFunction, 'a function (obj, values, id) => void');
  optional('bind.speculative', decl.speculative, (v) => typeof v === 'boolean', 'true or false');
  if (decl.local !== undefined) {
    if (!isObject(decl.local)) badOption('bind.local', 'an object { predict }', decl.local);
    if (!isFunction(decl.local.predict)) {
      badOption('bind.local.predict', 'a function (entity, input, dtMs) => entity', decl.local.predict);
    }
    optional('bind.local.input', decl.local.input, (v) => typeof v === 'string' && v.length > 0, 'a message type');
  }
}

/** Checks `input.sample(type, fn, options)`. */
export function checkSample(type: unknown, fn: unknown, o: unknown): Required<SampleOptions> {
  if (typeof type !== 'string' || type.length === 0) badOption('sample.type', 'a message type name', type);
  if (!isFunction(fn)) badOption('sample.fn', 'a function () => payload | undefined', fn);
  if (o !== undefined && !isObject(o)) badOption('sample.options', 'an object { every? }', o);
  const every = (o as SampleOptions | undefined)?.every ?? 'round';
  if (every !== 'round' && every !== 'change') badOption('sample.every', "'round' or 'change'", every);
  return { every };
}

/** Checks `items.show(options)`. */
export function checkItemsShow(o: unknown): asserts o is ItemsShowOptions<unknown> {
  if (!isObject(o)) badOption('items.show', 'an object { create, destroy? }', o);
  if (!isFunction(o.create)) badOption('items.show.create', 'a function (item) => gameObject', o.create);
  optional('items.show.destroy', o.destroy, isFunction, 'a function (obj, item) => void');
}

/** The join options type with its generic parameters erased, as the plugin stores them. */
export type AnyJoinOptions = P2PJoinOptions<object, Record<string, unknown>>;
/** The switch options type with its generic parameters erased. */
export type AnySwitchOptions = SwitchZoneOptions<object, Record<string, unknown>>;
