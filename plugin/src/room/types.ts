import type { Draft, Immutable } from 'immer';
import type { Rng } from '../rng/rng';
import type { PeerId } from '../transport/transport';
import type { Schema } from '../wire/schema';

/**
 * What every reducer step gets besides the draft. Everything in it is identical at every peer;
 * deliberately, nothing says which peer is running the reducer.
 */
export interface RoundContext {
  /** Epoch of the round. */
  readonly epoch: number;
  /** The round being applied. */
  readonly round: number;
  /** Start of the round on the synchronised clock, ms: the room's deterministic "now". */
  readonly time: number;
  /**
   * Randomness of this round, seeded from the round's 32-byte seed: the same numbers at every
   * peer, in the order the reducer steps draw them. Never use `Math.random()` in a reducer.
   */
  readonly rng: Rng;
  /** The round's members in member order (the `DecidedRound.inputs` order). */
  readonly members: readonly PeerId[];
}

/** Handles one message type: mutates the immer `draft`; its return value is ignored. */
export type MessageHandler<S, P> = (draft: Draft<S>, player: PeerId, payload: P, ctx: RoundContext) => void;

/** A message type: the schema its payload must match, and its handler. */
export interface MessageDef<S, P> {
  readonly schema: Schema<P>;
  readonly handler: MessageHandler<S, P>;
  /**
   * Send the message again, in a later round, when the round that carried it did not accept this
   * peer's input (its round message reached too few members in time: a busy page, a lossy link).
   * Right for events (a chat line, an item dropped, a chest opened); leave it off (the default)
   * for latest-value messages such as a movement intent, where an old value applied after a newer
   * one would be wrong.
   */
  readonly resend?: boolean;
}

/** `onJoin` / `onLeave`: runs once per player that joined or left at this round. */
export type PlayerHook<S> = (draft: Draft<S>, player: PeerId, ctx: RoundContext) => void;

/** `onRound`: runs once per round after every message (NPCs, timers, physics ticks). */
export type RoundHook<S> = (draft: Draft<S>, ctx: RoundContext) => void;

/** Per-room limits, validated when the room is defined. */
export interface RoomLimits {
  /** Most messages in one player's input per round, 1..256 (default 32). Larger inputs from peers are dropped whole. */
  readonly maxMessagesPerRound: number;
  /** Most bytes of one player's encoded input per round, 64..65536 (default 4096). */
  readonly maxInputBytes: number;
  /** Most messages waiting locally for a round, 1..65536 (default 1024). `send()` beyond it drops and reports `queue-full`. */
  readonly maxQueuedMessages: number;
}

/**
 * What a game passes to `defineRoom`. `S` is the state type (inferred from `initialState`), `M`
 * maps each message name to its payload type (inferred from each message's schema).
 */
export interface RoomConfig<S, M> extends Partial<RoomLimits> {
  /** The room type's name, 1..64 characters of `[A-Za-z0-9_.:-]`; snapshots carry it. */
  readonly name: string;
  /** Builds the initial state; must return the same plain data on every call and every peer. */
  readonly initialState: () => S;
  /** The message types: `{ move: { schema, handler } }` or `{ move: message(schema, handler) }`. */
  readonly messages: { readonly [K in keyof M]: MessageDef<S, M[K]> };
  /** A player joined (applied after every `onLeave` of the round, before the messages). */
  readonly onJoin?: PlayerHook<S>;
  /** A player left or timed out (applied first in the round). */
  readonly onLeave?: PlayerHook<S>;
  /** Once per round, after all messages. */
  readonly onRound?: RoundHook<S>;
  /** When given, a restored snapshot's state must also match this schema. */
  readonly stateSchema?: Schema<unknown>;
}

/** A message type with its types erased, as the replica stores it. */
export interface ErasedMessage {
  readonly name: string;
  readonly code: number;
  readonly schema: Schema<unknown>;
  readonly handler: (draft: unknown, player: PeerId, payload: unknown, ctx: RoundContext) => void;
  readonly resend: boolean;
}

/** A validated room definition, shared by every room instance of that type. */
export interface RoomDefinition<S, M> {
  readonly name: string;
  readonly limits: RoomLimits;
  /** Declared message names in code order (sorted by UTF-16 code units): code `i` is `messageNames[i]`. */
  readonly messageNames: readonly (keyof M & string)[];
  /** The original config, for the typed hooks. */
  readonly config: RoomConfig<S, M>;
  /** Message types by name. */
  readonly messages: ReadonlyMap<string, ErasedMessage>;
}

/** The message names of a room definition. */
export type RoomMessageName<M> = keyof M & string;

/** A deeply readonly view of the state: what the game reads from the handle. */
export type StateView<S> = Immutable<S>;

/** Removes a listener; calling it twice is harmless. */
export type Unsubscribe = () => void;
