import type { PeerId } from '../transport/transport';
import { P2PError } from '../util/errors';

/**
 * What went wrong in a room. The first group is reported through `onError` and is
 * **deterministic**: every peer reports the same error for the same round, player and message,
 * because every peer runs the same reducer on the same inputs. The second group is local to
 * this peer. The third is thrown at the caller: programming errors, never peer input.
 */
export const RoomErrorCode = {
  /** Deterministic: a message handler or hook threw; the state changes of that one step were discarded. */
  HandlerThrew: 'handler-threw',
  /** Deterministic: a handler wrote data that is not plain msgpack-able data; that step was discarded. */
  InvalidState: 'invalid-state',
  /** Local: this peer's input for a round was decided as "none" (late or not accepted); its messages were not applied. */
  InputLost: 'input-lost',
  /** Local: `send()` found the outgoing queue full; the message was dropped. */
  QueueFull: 'queue-full',
  /** Local: a state, path, join/leave or status listener threw; the other listeners still ran. */
  ListenerThrew: 'listener-threw',
  /** Thrown by `send()`: the payload does not match the message's schema. */
  BadPayload: 'bad-payload',
  /** Thrown by `send()`: the message type is not declared by the room. */
  UnknownMessage: 'unknown-message',
  /** Thrown by `send()`: one encoded message is larger than `maxInputBytes` allows. */
  TooLarge: 'too-large',
  /** Thrown by `send()`: the room was left. */
  Closed: 'closed',
  /** Thrown by `send()`: called from inside a reducer, which runs on every peer. */
  SendInReducer: 'send-in-reducer',
  /** Thrown by `apply()`: a round number not after the current one, or a seed that is not 32 bytes (a driver bug). */
  BadRound: 'bad-round',
  /** Returned by `restore()`: the snapshot is malformed, for another room or round, or holds non-plain data. */
  BadSnapshot: 'bad-snapshot',
  /** Thrown at creation: the initial state is not plain data, or two calls of `initialState()` differ. */
  BadInitialState: 'bad-initial-state',
} as const;
/** One of {@link RoomErrorCode}'s values. */
export type RoomErrorCode = (typeof RoomErrorCode)[keyof typeof RoomErrorCode];

/** Where a room error happened; all fields are optional because not every error has them. */
export interface RoomErrorDetails {
  /** The round being applied. */
  readonly round?: number;
  /** The player whose message or hook failed. */
  readonly player?: PeerId;
  /** The message type, or the hook name (`onJoin`, `onLeave`, `onRound`). */
  readonly step?: string;
  /** The state path that failed validation, e.g. `state.players.bob.pos`. */
  readonly path?: string;
  readonly cause?: unknown;
}

/** An error from a room, with the round, player and step it concerns when there are some. */
export class RoomError extends P2PError<RoomErrorCode> {
  readonly round: number | undefined;
  readonly player: PeerId | undefined;
  readonly step: string | undefined;
  readonly path: string | undefined;

  constructor(code: RoomErrorCode, message: string, details: RoomErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.round = details.round;
    this.player = details.player;
    this.step = details.step;
    this.path = details.path;
  }
}

/** The code of every {@link RoomOptionError}. */
export const RoomOptionErrorCode = { BadOption: 'bad-option' } as const;
/** One of {@link RoomOptionErrorCode}'s values. */
export type RoomOptionErrorCode = (typeof RoomOptionErrorCode)[keyof typeof RoomOptionErrorCode];

/**
 * A room definition or room option is invalid; thrown at creation, never later. `option` names
 * it, e.g. "room option `maxMessagesPerRound` must be an integer between 1 and 256, got 0".
 */
export class RoomOptionError extends P2PError<RoomOptionErrorCode> {
  readonly option: string;

  constructor(option: string, message: string) {
    super(RoomOptionErrorCode.BadOption, message);
    this.option = option;
  }
}

/** Why a peer's message was dropped before any handler saw it. Each code has its own counter. */
export const RoomDropCode = {
  /** The input is not msgpack, too large, not an array of `[code, payload]` pairs, or one pair is not `[uint, value]`. */
  Malformed: 'malformed',
  /** The input holds more messages than `maxMessagesPerRound`; the whole input is dropped. */
  TooMany: 'too-many',
  /** The message code names no declared message type. */
  UnknownType: 'unknown-type',
  /** The payload does not match its message type's schema. */
  Schema: 'schema',
} as const;
/** One of {@link RoomDropCode}'s values. */
export type RoomDropCode = (typeof RoomDropCode)[keyof typeof RoomDropCode];
