import { RoomOptionError } from './errors';
import type { RoomLimits } from './types';

/** Defaults of {@link RoomLimits}. */
export const DEFAULT_ROOM_LIMITS: RoomLimits = Object.freeze({
  maxMessagesPerRound: 32,
  maxInputBytes: 4096,
  maxQueuedMessages: 1024,
});

/** Bounds of each limit, inclusive. */
export const ROOM_LIMIT_BOUNDS: { readonly [K in keyof RoomLimits]: readonly [number, number] } = Object.freeze({
  maxMessagesPerRound: [1, 256],
  maxInputBytes: [64, 65536],
  maxQueuedMessages: [1, 65536],
});

/** Names of room and message types: 1..64 characters of `[A-Za-z0-9_.:-]`. */
export const NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Most message types one room may declare. */
export const MAX_MESSAGE_TYPES = 1024;

const CONFIG_KEYS = new Set([
  'name',
  'initialState',
  'messages',
  'onJoin',
  'onLeave',
  'onRound',
  'stateSchema',
  ...Object.keys(DEFAULT_ROOM_LIMITS),
]);

/** Describes a bad value without dumping it. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Throws a {@link RoomOptionError} naming `option`. */
export function badOption(option: string, expected: string, got: unknown): never {
  throw new RoomOptionError(option, `room option \`${option}\` must be ${expected}, got ${show(got)}`);
}

/** Checks an optional integer option against its bounds; returns it or the default. */
export function intOption(
  option: string,
  value: unknown,
  [lo, hi]: readonly [number, number],
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    badOption(option, `an integer between ${lo} and ${hi}`, value);
  }
  return value;
}

/** Checks an optional function option. */
export function functionOption(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') badOption(option, 'a function', value);
}

/** Rejects keys that no room option has (typos like `maxMessagePerRound`). */
export function rejectUnknownKeys(config: object): void {
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) {
      throw new RoomOptionError(key, `unknown room option \`${key}\` (known: ${[...CONFIG_KEYS].join(', ')})`);
    }
  }
}

/** Validates the numeric limits of a room config. */
export function resolveLimits(config: Partial<Record<keyof RoomLimits, unknown>>): RoomLimits {
  const limits: RoomLimits = {
    maxMessagesPerRound: intOption(
      'maxMessagesPerRound',
      config.maxMessagesPerRound,
      ROOM_LIMIT_BOUNDS.maxMessagesPerRound,
      DEFAULT_ROOM_LIMITS.maxMessagesPerRound,
    ),
    maxInputBytes: intOption(
      'maxInputBytes',
      config.maxInputBytes,
      ROOM_LIMIT_BOUNDS.maxInputBytes,
      DEFAULT_ROOM_LIMITS.maxInputBytes,
    ),
    maxQueuedMessages: intOption(
      'maxQueuedMessages',
      config.maxQueuedMessages,
      ROOM_LIMIT_BOUNDS.maxQueuedMessages,
      DEFAULT_ROOM_LIMITS.maxQueuedMessages,
    ),
  };
  return Object.freeze(limits);
}
