import { joinGroups } from '../groups/join';
import { err, ok, type Result } from '../util/result';
import type { ZonePeerContext } from '../zone/context';
import { type ZoneError, ZoneOptionError } from '../zone/errors';
import { ZoneStep } from '../zone/types';
import { GroupsZoneRoom } from './groups-room';
import { entityPathOf, groupsOptionsOf, type JoinZoneGroupsOptions } from './options';

/**
 * Enters a zone divided into quadtree groups and returns it as a `ZoneRoom` (a
 * {@link GroupsZoneRoom}): the player joins the leaf holding `groups.position`, its group then
 * follows the avatar's position in the game room, and the camera's view (`setInterest`) chooses
 * the observed leaves. Errors are values as with `joinZone`; a bad `groups` field is
 * `bad-options` naming it (`groups.maxGroup`). See `plugin/src/zone-groups/README.md`.
 *
 * @example
 * const r = await joinZoneGroups(session, { zone, room: TownRoom, groups: { position: spawn } });
 * if (r.ok) r.value.room.send('move', { dx: 1, dy: 0 });
 */
export async function joinZoneGroups<S extends object, M>(
  ctx: ZonePeerContext,
  o: JoinZoneGroupsOptions<S, M>,
): Promise<Result<GroupsZoneRoom<S, M>, ZoneError>> {
  let options: ReturnType<typeof groupsOptionsOf<S, M>>;
  try {
    options = groupsOptionsOf(o);
  } catch (e) {
    if (e instanceof ZoneOptionError) return err(e);
    throw e;
  }
  if (o.room === undefined) return err(new ZoneOptionError('room', 'a zone of quadtree groups needs the game room'));
  o.onProgress?.(ZoneStep.Group);
  const joined = await joinGroups(ctx, options);
  if (!joined.ok) return joined;
  o.onProgress?.(ZoneStep.FirstRound);
  const room = new GroupsZoneRoom<S, M>({
    zone: options.zone,
    player: joined.value,
    entityPath: entityPathOf(o.groups),
    transport: ctx.transport,
    self: ctx.playerId,
    rttTo: (id) => ctx.rttTo?.(id),
  });
  return ok(room);
}
