/**
 * The zone room's state (plain data, identical at every peer) and the game's rules as numbers.
 */
import type { PeerId } from 'phaser-p2p-mmo';

/** Which way an avatar faces (the rows of the avatar sprite sheet). */
export type Facing = 'down' | 'left' | 'right' | 'up';

/** A player in a zone. `x`, `y` are the feet position in pixels (multiples of 1/16). */
export interface Player {
  name: string;
  x: number;
  y: number;
  /** Walking intent, each -1, 0 or 1, held until the player sends another. */
  dx: number;
  dy: number;
  dir: Facing;
  moving: boolean;
  /** Tint of the avatar's clothes, 0xRRGGBB, derived from the player id. */
  color: number;
  /** The chat bubble's text; '' when none. */
  chat: string;
  /** Synchronised-clock ms at which the bubble disappears. */
  chatUntil: number;
  /** Treasure found in chests of this zone. */
  treasure: number;
}

/** A chest. `openedBy` is the player who took its treasure, until it refills. */
export interface Chest {
  x: number;
  y: number;
  openedBy: PeerId | null;
  /** Synchronised-clock ms of the opening (0 while closed). */
  openedAt: number;
  /** What the opener found (0 while closed). */
  loot: number;
}

/** The room state of one zone. */
export interface ZoneState {
  /** Start of the last applied round (ms, synchronised clock); 0 before the first. */
  time: number;
  players: Record<PeerId, Player>;
  chests: Record<string, Chest>;
}

/** `move` payload: walking intent. */
export interface MoveInput {
  readonly dx: number;
  readonly dy: number;
}

/** Longest chat line, characters. */
export const CHAT_MAX = 80;
/** How long a chat bubble shows: this base, ms... */
export const CHAT_BASE_MS = 4000;
/** ...plus this much per character, ms. */
export const CHAT_PER_CHAR_MS = 60;
/** How far (px, on each axis) a player's feet may be from a chest's centre to open it. */
export const CHEST_REACH = 48;
/** A chest refills this long after it was opened, ms. */
export const CHEST_REFILL_MS = 120_000;
/** Least treasure in a chest. */
export const CHEST_LOOT_MIN = 5;
/** A chest holds CHEST_LOOT_MIN + 0..CHEST_LOOT_SPREAD-1, drawn from the round's randomness. */
export const CHEST_LOOT_SPREAD = 16;

/** Avatar tints: light enough to keep detail, distinct enough to tell players apart. */
export const PLAYER_COLORS: readonly number[] = [
  0xff6b6b, 0x4dabf7, 0x69db7c, 0xffd43b, 0xda77f2, 0xff922b, 0x3bc9db, 0xf783ac, 0xa9e34b, 0x9775fa, 0x20c997,
  0xffa94d,
];

/** A player's colour, from a hash (FNV-1a) of the player id: stable across zones and sessions. */
export function colorOf(id: PeerId): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return PLAYER_COLORS[(h >>> 0) % PLAYER_COLORS.length]!;
}

/** The direction to face for an intent; unchanged when standing still. */
export function facingOf(dx: number, dy: number, current: Facing): Facing {
  if (dx < 0) return 'left';
  if (dx > 0) return 'right';
  if (dy < 0) return 'up';
  if (dy > 0) return 'down';
  return current;
}
