import { RoomError, RoomOptionError } from '../room/errors';
import { err, ok, type Result } from '../util/result';
import type { ZonePeerContext } from '../zone/context';
import { ZoneError, ZoneErrorCode, ZoneOptionError } from '../zone/errors';
import { type JoinGroupsOptions, resolveGroupsOptions } from './options';
import { GroupsPlayer } from './player';

/**
 * Puts the local player into a zone divided into quadtree groups: walks the zone's group records
 * down from the root to the leaf holding `position`, joins that leaf's group (or founds it), and
 * creates the player's entity there. From then on the entity's group follows the avatar. Errors
 * are values: `bad-options` (the message names the option), `banned`, `aborted`, `join-failed`.
 * See `plugin/spec/groups.md`.
 *
 * @example
 * const joined = await joinGroups(session, { zone: { name: 'town', bounds }, position: { x: 40, y: 60 } });
 * if (joined.ok) joined.value.move({ x: 41, y: 60 });
 */
export async function joinGroups<S extends object, M>(
  ctx: ZonePeerContext,
  o: JoinGroupsOptions<S, M>,
): Promise<Result<GroupsPlayer, ZoneError>> {
  let player: GroupsPlayer;
  try {
    const options = resolveGroupsOptions(o);
    if (options.signal?.aborted) return err(new ZoneError(ZoneErrorCode.Aborted, 'joining the zone was aborted'));
    if (ctx.isBanned(ctx.playerId)) return err(new ZoneError(ZoneErrorCode.Banned, 'this player is banned'));
    player = new GroupsPlayer(ctx, options as never);
  } catch (cause) {
    if (cause instanceof ZoneOptionError) return err(cause);
    if (cause instanceof RoomError || cause instanceof RoomOptionError) {
      return err(new ZoneOptionError('room', cause.message, { cause }));
    }
    throw cause;
  }
  const started = await player.start();
  if (!started.ok) {
    player.stop();
    return started;
  }
  return ok(player);
}
