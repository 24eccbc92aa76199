/** The zone, game room and join step shared by the zone-groups tests. */
import { defineRoom } from '../room/define';
import { s } from '../wire/schema';
import type { ZoneHarness } from '../zone/testing';
import type { ZoneDef } from '../zone/types';
import type { GroupsZoneRoom } from './groups-room';
import { joinZoneGroups } from './join';
import type { ZoneGroupsOptions } from './options';

/** A 2048-unit square zone. */
export const ZONE: ZoneDef = { name: 'meadow', bounds: { x: 0, y: 0, width: 2048, height: 2048 } };

/** A game room whose players say where they stand (as the sample game's `arrive`). */
export const PlaceRoom = defineRoom({
  name: 'place',
  initialState: () => ({ players: {} as Record<string, { x: number; y: number }> }),
  messages: {
    at: {
      schema: s.object({ x: s.int({ min: 0, max: 2048 }), y: s.int({ min: 0, max: 2048 }) }),
      handler: (d, player, p) => {
        d.players[player] = { x: p.x, y: p.y };
      },
    },
  },
  onLeave: (d, player) => {
    delete d.players[player];
  },
});

/** The zone room of {@link PlaceRoom}. */
export type PlaceZoneRoom = GroupsZoneRoom<
  { players: Record<string, { x: number; y: number }> },
  { at: { x: number; y: number } }
>;

/**
 * Player `i` joins {@link ZONE} standing at `at` and says so in its leaf's room, and again in
 * every new leaf's room that does not know it yet (the game's part). Throws when the join fails.
 */
export async function joinAt(
  h: ZoneHarness,
  i: number,
  at: { x: number; y: number },
  groups: Omit<ZoneGroupsOptions, 'position'> = {},
): Promise<PlaceZoneRoom> {
  const p = h.players[i]!;
  const r = await h.settle(
    joinZoneGroups(p.ctx, {
      zone: ZONE,
      room: PlaceRoom,
      signal: p.abort.signal,
      groups: { position: at, ...groups },
    }),
    60_000,
  );
  if (!r.ok) throw new Error(`player ${i}: ${r.error.message}`);
  const room = r.value as unknown as PlaceZoneRoom;
  room.room.send('at', at);
  room.onLeafChange((handle) => {
    if (handle.state.players[p.id] === undefined) handle.send('at', at);
  });
  return room;
}
