/**
 * The game's zones: the town and the house interior, each a map from `assets/generated/maps/`,
 * its zone definition (name and bounds in pixels) and its room type.
 */
import type { ZoneDef } from 'phaser-p2p-mmo';
import houseJson from '../../../assets/generated/maps/house.json';
import townJson from '../../../assets/generated/maps/town.json';
import type { GameMap } from './map';
import { parseMap } from './map';
import { defineZoneRoom, type ZoneRoomType } from './room';

/** Everything the game knows about one zone. */
export interface Zone {
  readonly def: ZoneDef;
  readonly map: GameMap;
  readonly room: ZoneRoomType;
}

function zone(json: unknown): Zone {
  const map = parseMap(json);
  return { def: { name: map.name, bounds: map.bounds }, map, room: defineZoneRoom(map) };
}

/** The town: where every player starts. */
export const TOWN: Zone = zone(townJson);
/** The house interior, entered through the town house's door. */
export const HOUSE: Zone = zone(houseJson);

/** Every zone by name. */
export const ZONES: ReadonlyMap<string, Zone> = new Map([TOWN, HOUSE].map((z) => [z.def.name, z]));

/** The zone called `name`, or the town for an unknown name. */
export function zoneNamed(name: string): Zone {
  // A test build's tagged zone (`town.TAG`) is played on its map.
  return ZONES.get(name) ?? ZONES.get(name.split('.')[0]!) ?? TOWN;
}
