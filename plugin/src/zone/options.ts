import { type NeoConfig, resolveConfig } from '../neo/config';
import type { NeoHooks } from '../neo/options';
import type { RoomDefinition } from '../room/types';
import { NEO_MAX_INPUT_BYTES } from '../wire/messages/neo-common';

import { MAX_ZONE_CELLS } from './cells';
import { ZoneOptionError } from './errors';
import type { JoinZoneOptions, ZoneDef, ZoneStep } from './types';

/** NEO settings a zone uses unless `neo` overrides them. */
export const ZONE_NEO_DEFAULTS = Object.freeze({ maxRoundMs: 100, maxK: 3, giveUpRounds: 2 });

/** Defaults of {@link JoinZoneOptions}. */
export const ZONE_DEFAULTS = Object.freeze({
  roundMs: 50,
  k: 2,
  decayMs: 10 * 60_000,
  cellSize: 512,
  discoveryTimeoutMs: 15000,
});

/** {@link JoinZoneOptions} checked, with defaults filled in. */
export interface ResolvedZoneOptions<S extends object, M> {
  readonly zone: ZoneDef;
  readonly room: RoomDefinition<S, M>;
  readonly roundMs: number;
  readonly k: number;
  /** The NEO config every member of the zone's groups uses (checked). */
  readonly neo: NeoConfig;
  readonly decayMs: number;
  readonly cellSize: number;
  readonly discoveryTimeoutMs: number;
  readonly onProgress: ((step: ZoneStep) => void) | undefined;
  readonly signal: AbortSignal | undefined;
  readonly testHooks: NeoHooks | undefined;
}

const ZONE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const KNOWN = new Set([
  'zone',
  'room',
  'roundMs',
  'k',
  'neo',
  'items',
  'discoveryTimeoutMs',
  'onProgress',
  'signal',
  'testHooks',
]);

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function bad(option: string, expected: string, got: unknown): never {
  throw new ZoneOptionError(option, `expected ${expected}, got ${show(got)}`);
}

function finite(option: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(option, 'a finite number', v);
  return v;
}

function intIn(option: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    bad(option, `an integer in [${min}, ${max}]`, v);
  }
  return v;
}

function isRoomDefinition(v: unknown): v is RoomDefinition<object, unknown> {
  const d = v as RoomDefinition<object, unknown> | null;
  return typeof d === 'object' && d !== null && typeof d.name === 'string' && d.messages instanceof Map;
}

/**
 * Checks {@link JoinZoneOptions} and fills in the defaults. Throws a {@link ZoneOptionError}
 * naming the first bad option (`zone.bounds.width`, `neo.maxK`, ...).
 */
export function resolveZoneOptions<S extends object, M>(o: JoinZoneOptions<S, M>): ResolvedZoneOptions<S, M> {
  if (typeof o !== 'object' || o === null) bad('options', 'an object', o);
  for (const key of Object.keys(o)) if (!KNOWN.has(key)) throw new ZoneOptionError(key, 'unknown option');
  const zone = o.zone as ZoneDef | undefined;
  if (typeof zone !== 'object' || zone === null) bad('zone', 'an object { name, bounds }', zone);
  if (typeof zone.name !== 'string' || !ZONE_NAME.test(zone.name)) {
    bad('zone.name', '1..64 characters of [A-Za-z0-9_.-]', zone.name);
  }
  const b = zone.bounds as ZoneDef['bounds'] | undefined;
  if (typeof b !== 'object' || b === null) bad('zone.bounds', 'a rect { x, y, width, height }', b);
  finite('zone.bounds.x', b.x);
  finite('zone.bounds.y', b.y);
  if (finite('zone.bounds.width', b.width) <= 0) bad('zone.bounds.width', 'a positive number', b.width);
  if (finite('zone.bounds.height', b.height) <= 0) bad('zone.bounds.height', 'a positive number', b.height);
  if (!isRoomDefinition(o.room)) bad('room', 'a room definition from defineRoom', o.room);
  // A game's rounds stay responsive when a member's delays blow up (a busy tab): R and k are
  // capped lower than NEO's own defaults, which bounds both the playout latency (2kR <= 600 ms)
  // and the stall after a member vanishes ((2k + giveUp) R <= 0.8 s, plus two of its delays).
  const neo = resolveConfig({ maxInputBytes: NEO_MAX_INPUT_BYTES, ...ZONE_NEO_DEFAULTS, ...o.neo });
  if (!neo.ok) {
    const { option, message } = neo.error;
    throw new ZoneOptionError(option.replace(/^config\./, 'neo.'), message.slice(option.length + 2));
  }
  const roundMs = intIn('roundMs', o.roundMs ?? ZONE_DEFAULTS.roundMs, neo.value.minRoundMs, neo.value.maxRoundMs);
  const k = intIn('k', o.k ?? ZONE_DEFAULTS.k, neo.value.minK, neo.value.maxK);
  const items = o.items ?? {};
  if (typeof items !== 'object' || items === null) bad('items', 'an object { decayMs?, cellSize? }', items);
  const decayMs = intIn('items.decayMs', items.decayMs ?? ZONE_DEFAULTS.decayMs, 1000, 30 * 24 * 3600_000);
  const cellSize = finite('items.cellSize', items.cellSize ?? ZONE_DEFAULTS.cellSize);
  if (cellSize <= 0) bad('items.cellSize', 'a positive number', cellSize);
  const cells = Math.ceil(b.width / cellSize) * Math.ceil(b.height / cellSize);
  if (cells > MAX_ZONE_CELLS) {
    throw new ZoneOptionError('items.cellSize', `makes ${cells} area cells; at most ${MAX_ZONE_CELLS}`);
  }
  const discoveryTimeoutMs = intIn(
    'discoveryTimeoutMs',
    o.discoveryTimeoutMs ?? ZONE_DEFAULTS.discoveryTimeoutMs,
    0,
    600_000,
  );
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') bad('onProgress', 'a function', o.onProgress);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) bad('signal', 'an AbortSignal', o.signal);
  if (o.testHooks !== undefined && (typeof o.testHooks !== 'object' || o.testHooks === null)) {
    bad('testHooks', 'NEO hooks', o.testHooks);
  }
  return {
    zone: { name: zone.name, bounds: { x: b.x, y: b.y, width: b.width, height: b.height } },
    room: o.room,
    roundMs,
    k,
    neo: neo.value,
    decayMs,
    cellSize,
    discoveryTimeoutMs,
    onProgress: o.onProgress,
    signal: o.signal,
    testHooks: o.testHooks,
  };
}
