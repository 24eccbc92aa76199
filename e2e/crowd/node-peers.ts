/**
 * A crowd of Node peers for the browser tests: each is a real player (registered with the
 * authority, PeerJS over @roamhq/wrtc, the DHT) that joins the town with quadtree groups at a
 * given spot and stands there. Run by `groups-crowd.spec.ts` as a child process (tsx):
 *
 *   tsx e2e/crowd/node-peers.ts <authority url> <x,y> [<x,y> ...]   (env: MAX_GROUP, MIN_GROUP, HOLD_MS)
 *
 * Prints one JSON line per event (`{"joined": i, "id", "cell"}`, `{"status": [...]}`) and
 * leaves on SIGTERM.
 */
import {
  type GroupsZoneRoom,
  joinZoneGroups,
  memoryKeyStore,
  openSession,
  PEERJS_PATH,
  type Session,
} from 'phaser-p2p-mmo';
import { createNodePeerJsTransport } from 'phaser-p2p-mmo/node';
import { TOWN } from '../../sample-game/src/world/maps';

const [url, ...spots] = process.argv.slice(2);
if (url === undefined || spots.length === 0) throw new Error('usage: node-peers.ts <authority url> <x,y> ...');
const port = Number(new URL(url).port);
const groups = {
  maxGroup: Number(process.env.MAX_GROUP ?? 2),
  minGroup: Number(process.env.MIN_GROUP ?? 1),
  holdMs: Number(process.env.HOLD_MS ?? 20_000),
};

/** The zone: the town, under the name the test gives it (`town.TAG`). */
const zone = { ...TOWN.def, name: process.env.ZONE_NAME ?? TOWN.def.name };

const say = (o: object): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

import type { ZoneMessages } from '../../sample-game/src/world/room';
import type { ZoneState } from '../../sample-game/src/world/state';

type Room = GroupsZoneRoom<ZoneState, ZoneMessages>;
const sessions: Session[] = [];
const rooms: Room[] = [];

async function joinOne(i: number, spot: { x: number; y: number }): Promise<void> {
  const name = `Bot${Math.random().toString(36).slice(2, 7)}${i}`;
  const opened = await openSession({
    name,
    authorityUrl: url!,
    keyStore: memoryKeyStore(),
    openTransport: (id, signal) =>
      createNodePeerJsTransport({ id, host: '127.0.0.1', port, path: PEERJS_PATH, config: { iceServers: [] }, signal }),
  });
  if (!opened.ok) throw opened.error;
  const session = opened.value;
  sessions.push(session);
  const joined = await joinZoneGroups(session, {
    zone,
    room: TOWN.room.definition,
    groups: { ...groups, position: spot },
  });
  if (!joined.ok) throw joined.error;
  const room = joined.value;
  rooms.push(room);
  // Stand at the spot in the game room too (an avatar others see), in every leaf group we are in.
  const arrive = (): void => {
    if (room.room.state.players[session.playerId] !== undefined) return;
    room.room.send('arrive', { name, x: spot.x, y: spot.y, treasure: 0 });
  };
  arrive();
  room.onLeafChange(() => arrive());
  room.onApplied((round) => {
    if (round % 40 === 0) arrive();
  });
  say({ joined: i, id: session.playerId, cell: room.info().cell });
}

async function main(): Promise<void> {
  for (const [i, s] of spots.entries()) {
    const [x, y] = s.split(',').map(Number);
    await joinOne(i, { x: x!, y: y! });
  }
  setInterval(() => {
    say({ status: rooms.map((r) => ({ cell: r.info().cell, members: r.info().members.length })) });
  }, 2000);
}

async function stop(): Promise<void> {
  await Promise.all(rooms.map((r) => r.leave().catch(() => undefined)));
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  process.exit(0);
}

process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
main().catch((e: unknown) => {
  say({ error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
