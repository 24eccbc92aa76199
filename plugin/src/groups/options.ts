import { type NeoConfig, resolveConfig } from '../neo/config';
import type { NeoHooks } from '../neo/options';
import type { RoomDefinition } from '../room/types';
import { NEO_MAX_INPUT_BYTES } from '../wire/messages/neo-common';
import { ZoneOptionError } from '../zone/errors';
import type { Rect, ZoneDef } from '../zone/types';
import type { Point } from './geometry';
import { checkSizeRule, DEFAULT_SIZE_RULE, type GroupSizeRule } from './hysteresis';

/** The quadtree's shape and movement rules: every player of a zone must use the same. */
export interface QuadtreeRules {
  /** Split a leaf above this many members (default 16, at most 32: handoff certificates must fit an input). */
  readonly maxGroup?: number;
  /** Merge four sibling leaves below this many members together (default 6). */
  readonly minGroup?: number;
  /** How long a size condition must hold before a split or merge, ms (default 2000). */
  readonly holdMs?: number;
  /** A player stays in its leaf until its avatar is this far outside it, world units (default 32). */
  readonly borderMargin?: number;
  /** The camera's view is grown by this much for observation, world units (default 128). */
  readonly viewMargin?: number;
  /** Fastest an avatar may move, world units per second (default 600). */
  readonly maxSpeed?: number;
}

/** Options of {@link joinGroups}. */
export interface JoinGroupsOptions<S extends object = object, M = unknown> extends QuadtreeRules {
  /** The zone (from the game's zone definitions): its name and bounds; the quadtree covers it. */
  readonly zone: ZoneDef;
  /** Where the player's avatar starts (its entity is created there, clamped into the zone). */
  readonly position: Point;
  /** The game's room for each leaf (optional: the entities live in the groups layer). */
  readonly room?: RoomDefinition<S, M>;
  /** Round length R of a founded group, ms (default 50). */
  readonly roundMs?: number;
  /** Message deadline k of a founded group, rounds (default 2). */
  readonly k?: number;
  readonly neo?: Partial<NeoConfig>;
  /** How long to look for a leaf's group before founding one, ms (default 3000). */
  readonly discoveryTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Test builds only: adversarial NEO hooks. */
  readonly testHooks?: NeoHooks;
}

/** {@link JoinGroupsOptions} checked, with defaults. */
export interface ResolvedGroupsOptions<S extends object, M> {
  readonly zone: ZoneDef;
  readonly position: Point;
  readonly room: RoomDefinition<S, M> | undefined;
  readonly rule: GroupSizeRule;
  readonly borderMargin: number;
  readonly viewMargin: number;
  readonly maxSpeed: number;
  readonly roundMs: number;
  readonly k: number;
  readonly neo: NeoConfig;
  readonly discoveryTimeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly testHooks: NeoHooks | undefined;
}

/** Defaults of {@link JoinGroupsOptions}. */
export const GROUPS_DEFAULTS = Object.freeze({
  ...DEFAULT_SIZE_RULE,
  borderMargin: 32,
  viewMargin: 128,
  maxSpeed: 600,
  roundMs: 50,
  k: 2,
  discoveryTimeoutMs: 3000,
});

const ZONE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function bad(option: string, expected: string, got: unknown): never {
  throw new ZoneOptionError(
    option,
    `expected ${expected}, got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}`,
  );
}

function num(option: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isSafeInteger(v))) {
    bad(option, `${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`, v);
  }
  return v;
}

function rect(option: string, r: unknown): Rect {
  if (typeof r !== 'object' || r === null) bad(option, 'a rect { x, y, width, height }', r);
  const b = r as Rect;
  num(`${option}.x`, b.x, -1e12, 1e12);
  num(`${option}.y`, b.y, -1e12, 1e12);
  num(`${option}.width`, b.width, 1e-6, 1e12);
  num(`${option}.height`, b.height, 1e-6, 1e12);
  return { x: b.x, y: b.y, width: b.width, height: b.height };
}

/** Checks the options; a bad one throws a {@link ZoneOptionError} naming it. */
export function resolveGroupsOptions<S extends object, M>(o: JoinGroupsOptions<S, M>): ResolvedGroupsOptions<S, M> {
  if (typeof o !== 'object' || o === null) bad('options', 'an object', o);
  const zone = o.zone as ZoneDef | undefined;
  if (typeof zone !== 'object' || zone === null) bad('zone', 'an object { name, bounds }', zone);
  if (typeof zone.name !== 'string' || !ZONE_NAME.test(zone.name)) bad('zone.name', '[A-Za-z0-9_.-]{1,64}', zone.name);
  const bounds = rect('zone.bounds', zone.bounds);
  const position = o.position as Point | undefined;
  if (typeof position !== 'object' || position === null) bad('position', 'a point { x, y }', position);
  num('position.x', position.x, -1e12, 1e12);
  num('position.y', position.y, -1e12, 1e12);
  const maxGroup = num('maxGroup', o.maxGroup ?? GROUPS_DEFAULTS.maxGroup, 2, 32, true);
  const minGroup = num('minGroup', o.minGroup ?? GROUPS_DEFAULTS.minGroup, 1, maxGroup, true);
  const holdMs = num('holdMs', o.holdMs ?? GROUPS_DEFAULTS.holdMs, 0, 600_000);
  const neo = resolveConfig({ maxInputBytes: NEO_MAX_INPUT_BYTES, ...o.neo });
  if (!neo.ok) throw new ZoneOptionError(neo.error.option.replace(/^config\./, 'neo.'), neo.error.message);
  if (o.room !== undefined && (typeof o.room !== 'object' || !(o.room.messages instanceof Map))) {
    bad('room', 'a room definition from defineRoom', o.room);
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) bad('signal', 'an AbortSignal', o.signal);
  return {
    zone: { name: zone.name, bounds },
    position: { x: position.x, y: position.y },
    room: o.room,
    rule: checkSizeRule({ maxGroup, minGroup, holdMs }),
    borderMargin: num('borderMargin', o.borderMargin ?? GROUPS_DEFAULTS.borderMargin, 0, 1e9),
    viewMargin: num('viewMargin', o.viewMargin ?? GROUPS_DEFAULTS.viewMargin, 0, 1e9),
    maxSpeed: num('maxSpeed', o.maxSpeed ?? GROUPS_DEFAULTS.maxSpeed, 1, 1e9),
    roundMs: num('roundMs', o.roundMs ?? GROUPS_DEFAULTS.roundMs, neo.value.minRoundMs, neo.value.maxRoundMs, true),
    k: num('k', o.k ?? GROUPS_DEFAULTS.k, neo.value.minK, neo.value.maxK, true),
    neo: neo.value,
    discoveryTimeoutMs: num(
      'discoveryTimeoutMs',
      o.discoveryTimeoutMs ?? GROUPS_DEFAULTS.discoveryTimeoutMs,
      0,
      600_000,
      true,
    ),
    signal: o.signal,
    testHooks: o.testHooks,
  };
}
