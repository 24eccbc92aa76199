/** What the HUD shows, read from the zone room and the game's registry. */
import type * as Phaser from 'phaser';
import { type HudModel, meanRtt } from '../ui/hud';
import { bagOf, carriedTreasure, type GameRoom } from './room';

/** The HUD's model now: connection, zone, group, round, latency, treasure, bag, players here. */
export function hudModel(room: GameRoom, me: string, registry: Phaser.Data.DataManager, switching: boolean): HudModel {
  const info = room.info();
  const players = room.room.state.players;
  return {
    status: switching ? 'switching' : room.status,
    zone: room.zone.name,
    groupSize: info.members.length,
    round: info.appliedRound,
    latencyMs: meanRtt(info.members.filter((m) => m.id !== me).map((m) => m.rttMs)),
    treasure: carriedTreasure(registry) + (players[me]?.treasure ?? 0),
    bag: bagOf(registry),
    players: Object.entries(players).map(([id, p]) => ({
      name: p.name,
      treasure: p.treasure,
      color: p.color,
      self: id === me,
    })),
  };
}
