import type { Point } from '../groups/geometry';
import { type JoinGroupsOptions, type QuadtreeRules, resolveGroupsOptions } from '../groups/options';
import type { PathKey } from '../room/paths';
import { ZoneOptionError } from '../zone/errors';
import { ZONE_NEO_DEFAULTS } from '../zone/options';
import type { JoinZoneOptions } from '../zone/types';

/** The quadtree groups settings of a zone (the `groups` option of `joinZoneGroups` and of the plugin's `join`). */
export interface ZoneGroupsOptions extends QuadtreeRules {
  /** Where the avatar starts: its leaf is joined there (default the zone's centre). */
  readonly position?: Point;
  /**
   * Path of the players' record in the game room's state (default `['players']`): the local
   * player's entry's `x` and `y` move its quadtree entity, so its group follows the avatar.
   */
  readonly entityPath?: readonly PathKey[];
}

/**
 * How long a join looks for a leaf's group (and waits for a DHT read) unless the game says, ms:
 * in browsers a first WebRTC link to a member can take seconds (the groups layer's own default,
 * 3 s, suits the simulated network); founding beside a live group splits the cell until the two
 * groups meet.
 */
export const GROUPS_DISCOVERY_TIMEOUT_MS = 10_000;

/** Options of `joinZoneGroups`: the zone layer's options plus the quadtree settings. */
export interface JoinZoneGroupsOptions<S extends object, M> extends JoinZoneOptions<S, M> {
  readonly groups: ZoneGroupsOptions;
}

/** `joinGroups` options for `o`; a bad `groups` field throws a {@link ZoneOptionError} naming it (`groups.maxGroup`). */
export function groupsOptionsOf<S extends object, M>(o: JoinZoneGroupsOptions<S, M>): JoinGroupsOptions<S, M> {
  const g = o.groups as ZoneGroupsOptions | undefined;
  if (typeof g !== 'object' || g === null) throw new ZoneOptionError('groups', `expected an object, got ${String(g)}`);
  const path = g.entityPath ?? ['players'];
  if (!Array.isArray(path) || path.some((k) => typeof k !== 'string' && typeof k !== 'number')) {
    throw new ZoneOptionError('groups.entityPath', 'expected an array of strings and numbers');
  }
  const b = o.zone?.bounds;
  const centre = b === undefined ? { x: 0, y: 0 } : { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const out: JoinGroupsOptions<S, M> = {
    zone: o.zone,
    position: g.position ?? centre,
    room: o.room,
    ...pick(g, ['maxGroup', 'minGroup', 'holdMs', 'borderMargin', 'viewMargin', 'maxSpeed']),
    ...pick(o, ['roundMs', 'k', 'signal', 'testHooks']),
    // The zone layer's NEO ceilings (R <= 100 ms, k <= 3, give up after 2 rounds): uncapped, a busy
    // tab drives R and k up to 200 ms and 8, and the stall watch (40 R k) then waits over a minute.
    neo: { ...ZONE_NEO_DEFAULTS, ...o.neo },
    discoveryTimeoutMs: o.discoveryTimeoutMs ?? GROUPS_DISCOVERY_TIMEOUT_MS,
  };
  try {
    resolveGroupsOptions(out);
  } catch (e) {
    if (!(e instanceof ZoneOptionError)) throw e;
    const own = ['maxGroup', 'minGroup', 'holdMs', 'borderMargin', 'viewMargin', 'maxSpeed', 'position'];
    const name = own.some((k) => e.option === k || e.option.startsWith(`${k}.`)) ? `groups.${e.option}` : e.option;
    throw new ZoneOptionError(name, e.message.replace(/^zone option `[^`]*`: /, ''), { cause: e });
  }
  return out;
}

/** The entity path of `o` (default `['players']`). */
export function entityPathOf(o: ZoneGroupsOptions): readonly PathKey[] {
  return o.entityPath ?? ['players'];
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
