/**
 * Rooms: the Colyseus-shaped API game code uses, run by every peer deterministically over NEO
 * rounds. Define a room type with {@link defineRoom}, create an instance with
 * {@link createRoom}, give the `replica` to the NEO engine (it implements `ReplicatedState`) and
 * the `room` handle to game code. The format and rules are in `plugin/spec/room.md`.
 */

/** Membership port implemented by NEO / the plugin, and the statuses it reports. */
export { type RejoinInfo, type RoomConnection, type RoomConnectionEvents, RoomStatus } from './connection';
/** Creates a room instance: replica + handle. */
export { type CreatedRoom, type CreateRoomOptions, createRoom } from './create';
/** Room type definition. */
export { defineRoom, message } from './define';
/** Errors, their codes, and drop reasons for peer messages. */
export {
  RoomDropCode,
  RoomError,
  RoomErrorCode,
  type RoomErrorDetails,
  RoomOptionError,
  RoomOptionErrorCode,
} from './errors';
/** The game-facing handle. */
export { type OnAddOptions, RoomHandle, type RoomStats, type StatePath, type ViewAt } from './handle';
/** Per-round input encoding (for tools and tests). */
export { decodeInput, encodePair, packInput } from './input';
/** Limits and their defaults. */
export { DEFAULT_ROOM_LIMITS, ROOM_LIMIT_BOUNDS } from './options';
/** Typed paths used by listeners. */
export type { ItemOf, KeyOf, PathOf, ValueAt } from './paths';
/** The plain-data check the state must pass. */
export { checkPlain, MAX_STATE_DEPTH, type PlainIssue } from './plain';
/** Dropped peer messages, the per-round RNG. */
export { type DroppedMessage, roundRng } from './reducer';
/** The NEO-facing replica. */
export {
  type ReplicaObserver,
  type RoomCounters,
  RoomReplica,
  type RoomReplicaOptions,
  type RoomUpdate,
} from './replica';
/** Snapshot format and state hash. */
export { DEFAULT_SNAPSHOT_LIMITS, hashState, SNAPSHOT_VERSION } from './snapshot';
/** The speculative view's counters and provisional seed. */
export { provisionalSeed, type SpeculationCounters } from './speculative';
/** Test doubles: a fake connection and a round builder. */
export { FakeRoomConnection, type TestRoundInit, testRound } from './testing';
/** Types of definitions, handlers and contexts. */
export type {
  MessageDef,
  MessageHandler,
  PlayerHook,
  RoomConfig,
  RoomDefinition,
  RoomLimits,
  RoomMessageName,
  RoundContext,
  RoundHook,
  StateView,
  Unsubscribe,
} from './types';
