import { RoomError, RoomOptionError } from '../room/errors';
import { err, ok, type Result } from '../util/result';
import type { ZonePeerContext } from './context';
import { ZoneError, ZoneErrorCode, ZoneOptionError } from './errors';
import { resolveZoneOptions } from './options';
import type { JoinZoneOptions, ZoneRoom } from './types';
import { ZoneRoomImpl } from './zone-room';

/**
 * Puts the local player into the group of a zone: reads the zone's group record from the DHT
 * and joins through its members when one answers within `discoveryTimeoutMs`, else founds a
 * group (loading the zone's items from the DHT area records). Resolves once the first round is
 * applied (status `joined`). Errors are values: `bad-options` (the message names the option),
 * `banned`, `aborted`, `join-failed`. See `plugin/spec/zone.md`.
 *
 * @example
 * const joined = await joinZone(session, { zone: { name: 'town', bounds }, room: TownRoom });
 * if (joined.ok) joined.value.room.send('move', { dx: 1, dy: 0 });
 */
export async function joinZone<S extends object, M>(
  ctx: ZonePeerContext,
  o: JoinZoneOptions<S, M>,
): Promise<Result<ZoneRoom<S, M>, ZoneError>> {
  let room: ZoneRoomImpl<S, M>;
  try {
    const options = resolveZoneOptions(o);
    if (options.signal?.aborted) return err(new ZoneError(ZoneErrorCode.Aborted, 'joining the zone was aborted'));
    if (ctx.isBanned(ctx.playerId)) return err(new ZoneError(ZoneErrorCode.Banned, 'this player is banned'));
    room = new ZoneRoomImpl(ctx, options);
  } catch (cause) {
    if (cause instanceof ZoneOptionError) return err(cause);
    // The game room's own checks (its initial state) run when its instance is created.
    if (cause instanceof RoomError || cause instanceof RoomOptionError) {
      return err(new ZoneOptionError('room', cause.message, { cause }));
    }
    throw cause;
  }
  const started = await room.start();
  return started.ok ? ok(room) : started;
}
