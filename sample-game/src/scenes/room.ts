/**
 * The typed zone room of the game and the few game-wide values scenes share through Phaser's
 * registry (it outlives scene restarts, so a zone switch keeps them).
 */
import type * as Phaser from 'phaser';
import type { ZoneRoom } from 'phaser-p2p-mmo';
import type { ZoneMessages } from '../world/room';
import type { ZoneState } from '../world/state';

/** A zone room of this game. */
export type GameRoom = ZoneRoom<ZoneState, ZoneMessages>;

/** The zone room the game is in (`this.p2p.room`, typed), if any. */
export function currentRoom(scene: Phaser.Scene): GameRoom | undefined {
  return scene.p2p.room as unknown as GameRoom | undefined;
}

/** Game event: a zone was entered through a door (the new world scene is up). Argument: the zone name. */
export const ZONE_ENTERED = 'p2p-mmo:zone-entered';

const BAG = 'bag';
const CARRIED = 'carried-treasure';

/** Items picked up this session, by kind. */
export function bagOf(registry: Phaser.Data.DataManager): Record<string, number> {
  const bag = registry.get(BAG) as Record<string, number> | undefined;
  if (bag !== undefined) return bag;
  const fresh: Record<string, number> = {};
  registry.set(BAG, fresh);
  return fresh;
}

/** Treasure found in zones left earlier this session (a zone's room only knows its own). */
export function carriedTreasure(registry: Phaser.Data.DataManager): number {
  const n = registry.get(CARRIED) as number | undefined;
  return n ?? 0;
}

/** Adds treasure found in a zone being left. */
export function carryTreasure(registry: Phaser.Data.DataManager, amount: number): void {
  registry.set(CARRIED, carriedTreasure(registry) + amount);
}
