/**
 * The zone room: one room type per map (the map's collision grid and objects are baked in), run
 * deterministically by every member of the zone's group. Messages:
 *
 * - `hello { name, spawn }`: enter the zone's state at spawn point `spawn` (a player coming out
 *   of the house appears at its door). Ignored while the player is already in the state.
 * - `move { dx, dy }`: walking intent, each -1..1, held until changed.
 * - `chat { text }`: a bubble over the avatar (1..80 characters) until `chatUntil`.
 * - `openChest { id }`: take a closed chest's treasure; the player must stand next to it. Of
 *   several players in one round, the first in member order gets it (messages apply in that order).
 * - `arrive { name, x, y, treasure }`: with quadtree groups, enter this group's state where the
 *   avatar stands (it walked in from a neighbouring leaf, whose group held it until now). The
 *   point must be inside the map with room for the body. The position and treasure are the
 *   player's claim: the groups layer's certified handoff moves its entity, not this room's state
 *   (see README, "Quadtree groups").
 *
 * Each round (`onRound`) moves every player by intent * speed * dt, dt being the time since the
 * previous round (`ctx.time` difference), so an adaptive round length does not change the speed.
 */
import { defineRoom, isValidName, type PeerId, type RoomDefinition, type RoundContext, s } from 'phaser-p2p-mmo';
import type { GameMap } from './map';
import { spawnOf } from './map';
import { bodyFits, moveBody, SUB } from './movement';
import {
  CHAT_BASE_MS,
  CHAT_MAX,
  CHAT_PER_CHAR_MS,
  CHEST_LOOT_MIN,
  CHEST_LOOT_SPREAD,
  CHEST_REACH,
  CHEST_REFILL_MS,
  type Chest,
  colorOf,
  facingOf,
  type MoveInput,
  type Player,
  type ZoneState,
} from './state';

const ID = /^[A-Za-z0-9_.-]{1,32}$/;
/** Ranges of UTF-16 code units a bubble refuses: control and direction-changing characters. */
const REFUSED: readonly (readonly [number, number])[] = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];

/**
 * Whether `text` holds a refused character (they could garble the bubble). An explicit list,
 * not a Unicode property: property tables change between Unicode versions, and browsers on
 * different versions would then disagree on the state.
 */
function hasRefused(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (REFUSED.some(([lo, hi]) => c >= lo && c <= hi)) return true;
  }
  return false;
}

/** Leading and trailing ASCII blanks (`trim()` follows the engine's Unicode tables, see above). */
const BLANK_ENDS = /^[ \t]+|[ \t]+$/g;

/** The schemas of the room's messages (also what `send()` checks locally). */
export const schemas = {
  hello: s.object({ name: s.str({ min: 3, max: 20 }), spawn: s.str({ min: 1, max: 32, pattern: ID }) }),
  move: s.object({ dx: s.int({ min: -1, max: 1 }), dy: s.int({ min: -1, max: 1 }) }),
  chat: s.object({ text: s.str({ min: 1, max: CHAT_MAX }) }),
  openChest: s.object({ id: s.str({ min: 1, max: 32, pattern: ID }) }),
  arrive: s.object({
    name: s.str({ min: 3, max: 20 }),
    x: s.float({ min: 0, max: 1e6 }),
    y: s.float({ min: 0, max: 1e6 }),
    treasure: s.int({ min: 0, max: 1e6 }),
  }),
};

/** The initial state of a map's room: every chest closed, nobody in. */
export function initialZoneState(map: GameMap): ZoneState {
  const chests: Record<string, Chest> = {};
  for (const c of map.chests) chests[c.id] = { x: c.x, y: c.y, openedBy: null, openedAt: 0, loot: 0 };
  return { time: 0, players: {}, chests };
}

function hello(map: GameMap, state: ZoneState, player: PeerId, name: string, spawn: string): void {
  if (state.players[player] !== undefined || !isValidName(name)) return;
  state.players[player] = newPlayer(player, name, spawnOf(map, spawn), 0);
}

/** A player standing still at `at`, facing down. */
function newPlayer(
  player: PeerId,
  name: string,
  at: { x: number; y: number },
  treasure: number,
): ZoneState['players'][string] {
  return {
    name,
    x: at.x,
    y: at.y,
    dx: 0,
    dy: 0,
    dir: 'down',
    moving: false,
    color: colorOf(player),
    chat: '',
    chatUntil: 0,
    treasure,
  };
}

function arrive(map: GameMap, state: ZoneState, player: PeerId, p: ZoneMessages['arrive']): void {
  if (state.players[player] !== undefined || !isValidName(p.name)) return;
  // On the movement grid (1/16 px), as every position the room makes.
  const at = { x: Math.round(p.x * SUB) / SUB, y: Math.round(p.y * SUB) / SUB };
  if (at.x >= map.bounds.width || at.y >= map.bounds.height || !bodyFits(map, at)) return;
  state.players[player] = newPlayer(player, p.name, at, p.treasure);
}

function chat(state: ZoneState, player: PeerId, raw: string, ctx: RoundContext): void {
  const me = state.players[player];
  const text = raw.replace(BLANK_ENDS, '');
  if (me === undefined || text === '' || hasRefused(text)) return;
  me.chat = text;
  me.chatUntil = ctx.time + CHAT_BASE_MS + CHAT_PER_CHAR_MS * text.length;
}

function openChest(state: ZoneState, player: PeerId, id: string, ctx: RoundContext): void {
  const me = state.players[player];
  const chest = Object.hasOwn(state.chests, id) ? state.chests[id] : undefined;
  if (me === undefined || chest === undefined || chest.openedBy !== null) return;
  if (Math.abs(me.x - chest.x) > CHEST_REACH || Math.abs(me.y - chest.y) > CHEST_REACH) return;
  chest.openedBy = player;
  chest.openedAt = ctx.time;
  chest.loot = CHEST_LOOT_MIN + ctx.rng.int(CHEST_LOOT_SPREAD);
  me.treasure += chest.loot;
}

/** One player's walk over `dtMs` with its held intent: the same function predicts the local avatar. */
export function stepPlayer(map: GameMap, p: Player, input: MoveInput, dtMs: number): Player {
  const dx = Math.sign(input.dx);
  const dy = Math.sign(input.dy);
  const to = moveBody(map, p, dx, dy, dtMs);
  return { ...p, x: to.x, y: to.y, dx, dy, dir: facingOf(dx, dy, p.dir), moving: dx !== 0 || dy !== 0 };
}

function round(map: GameMap, state: ZoneState, ctx: RoundContext): void {
  const dt = state.time === 0 ? 0 : ctx.time - state.time;
  state.time = ctx.time;
  for (const p of Object.values(state.players)) {
    if (p.moving) {
      const to = moveBody(map, p, p.dx, p.dy, dt);
      p.x = to.x;
      p.y = to.y;
    }
    if (p.chat !== '' && ctx.time >= p.chatUntil) {
      p.chat = '';
      p.chatUntil = 0;
    }
  }
  for (const c of Object.values(state.chests)) {
    if (c.openedBy !== null && ctx.time - c.openedAt >= CHEST_REFILL_MS) {
      c.openedBy = null;
      c.openedAt = 0;
      c.loot = 0;
    }
  }
}

/** Message payload types of the zone room. */
export interface ZoneMessages {
  hello: { readonly name: string; readonly spawn: string };
  move: MoveInput;
  chat: { readonly text: string };
  openChest: { readonly id: string };
  arrive: { readonly name: string; readonly x: number; readonly y: number; readonly treasure: number };
}

/** A zone's room type and the prediction of the local avatar that matches its movement. */
export interface ZoneRoomType {
  readonly map: GameMap;
  readonly definition: RoomDefinition<ZoneState, ZoneMessages>;
  /** Predicts the local player's entity: the reducer's movement for `dtMs` of `input`. */
  readonly predict: (entity: Player, input: MoveInput, dtMs: number) => Player;
}

/** Defines the room type of a map's zone (room name = zone name). */
export function defineZoneRoom(map: GameMap): ZoneRoomType {
  const definition = defineRoom<ZoneState, ZoneMessages>({
    name: map.name,
    initialState: () => initialZoneState(map),
    messages: {
      // The avatar's arrival (hello, arrive) and events are sent again should their round not take
      // this player's input (a busy tab, a lossy link); all are idempotent or one-off by nature.
      hello: {
        schema: schemas.hello,
        resend: true,
        handler: (d, player, p) => hello(map, d, player, p.name, p.spawn),
      },
      move: {
        schema: schemas.move,
        handler: (d, player, p) => {
          const me = d.players[player];
          if (me === undefined) return;
          me.dx = p.dx;
          me.dy = p.dy;
          me.moving = p.dx !== 0 || p.dy !== 0;
          me.dir = facingOf(p.dx, p.dy, me.dir);
        },
      },
      chat: { schema: schemas.chat, resend: true, handler: (d, player, p, ctx) => chat(d, player, p.text, ctx) },
      openChest: {
        schema: schemas.openChest,
        resend: true,
        handler: (d, player, p, ctx) => openChest(d, player, p.id, ctx),
      },
      arrive: { schema: schemas.arrive, resend: true, handler: (d, player, p) => arrive(map, d, player, p) },
    },
    // A player who comes back (a rejoin, a round trip through the house) says hello again.
    onJoin: (d, player) => {
      delete d.players[player];
    },
    onLeave: (d, player) => {
      delete d.players[player];
    },
    onRound: (d, ctx) => round(map, d, ctx),
    maxMessagesPerRound: 8,
    maxInputBytes: 512,
  });
  return { map, definition, predict: (e, input, dtMs) => stepPlayer(map, e, input, dtMs) };
}
