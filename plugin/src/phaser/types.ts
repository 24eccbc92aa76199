import type { RoomDefinition } from '../room/types';
import type { SessionOptions, SessionStep } from '../session';
import type { Item, JoinZoneOptions, ZoneDef, ZoneRoom, ZoneStep } from '../zone';
import type { ZoneGroupsOptions } from '../zone-groups';

/**
 * A zone room of any room type, as the plugin holds it (`this.p2p.room`). Cast it to your
 * `ZoneRoom<State, Messages>`, or keep the typed value `join()` resolved with.
 */
export type AnyZoneRoom = ZoneRoom<object, Record<string, unknown>>;

/** A step of `this.p2p.join()`, in order: keys, registration, signalling, dht (the session), group, first-round (the zone). */
export type JoinStep = SessionStep | ZoneStep;

/** Where the game's link to the network stands (`window.__p2p.phase`). */
export const P2PPhase = {
  /** Nothing asked yet. */
  Idle: 'idle',
  /** `join()` running: session steps, then the zone's. */
  Joining: 'joining',
  /** In a zone's group: `this.p2p.room` is set. */
  Joined: 'joined',
  /** `switchZone()` running: the old room left, the new one not joined yet. */
  Switching: 'switching',
  /** Left the zone on purpose (`this.p2p.leave()`); the session stays open. */
  Left: 'left',
  /** The last join or switch failed: `error` says why. */
  Error: 'error',
  /** The game was destroyed: session closed. */
  Closed: 'closed',
} as const;
/** One of {@link P2PPhase}'s values. */
export type P2PPhase = (typeof P2PPhase)[keyof typeof P2PPhase];

/** Session options the plugin passes through to `openSession` unchanged. */
export type PassedSessionOptions = Pick<
  SessionOptions,
  | 'authorityUrl'
  | 'keyStore'
  | 'openTransport'
  | 'iceServers'
  | 'clock'
  | 'rng'
  | 'fetch'
  | 'dht'
  | 'bootstrapIntervalMs'
>;

/** Zone options the plugin passes through to `joinZone` unchanged. */
export type PassedZoneOptions<S extends object, M> = Pick<
  JoinZoneOptions<S, M>,
  'roundMs' | 'k' | 'neo' | 'items' | 'discoveryTimeoutMs' | 'testHooks'
>;

/** What the plugin does with the view: interpolation, prediction, items, overlay, debug handle. */
export interface P2PViewOptions {
  /**
   * Publish `window.__p2p` (read-only debug handle for browser tests). Default false, unless the
   * page set `globalThis.P2P_DEBUG = true` before the game started.
   */
  readonly debug?: boolean;
  /** Phaser key name that toggles the debug overlay (`'BACKTICK'`, `'F3'` ...), or `false` for none. Default `'BACKTICK'`. */
  readonly overlayKey?: string | false;
  /** How many rounds behind the newest decided round remote entities are drawn, 0..8. Default 2. */
  readonly interpolationRounds?: number;
  /** How long a prediction error of the local avatar is blended away, ms, 0..2000. Default 150. */
  readonly blendMs?: number;
  /** A prediction error larger than this (world units) snaps instead of blending (a teleport). Default 256. */
  readonly snapDistance?: number;
  /** Items within this margin around the camera view are shown, world units. Default 128. */
  readonly itemMargin?: number;
}

/** `this.p2p.join(options)`: who the player is, which zone and room, and how to draw it. */
export interface P2PJoinOptions<S extends object, M>
  extends PassedSessionOptions,
    PassedZoneOptions<S, M>,
    P2PViewOptions {
  /** The player's name (3..20 letters, digits, `_`, `-`, starting with a letter). */
  readonly name: string;
  /** The zone to enter. */
  readonly zone: ZoneDef;
  /**
   * Divide the zone into quadtree groups (`phaser-p2p-mmo`'s `joinGroups`) instead of one group:
   * the avatar's position (`groups.entityPath` in the room state, default `['players']`) chooses
   * the player's group, the camera the observed leaves. Zone switches keep the setting.
   */
  readonly groups?: ZoneGroupsOptions;
  /** The game's room type (`defineRoom`). */
  readonly room: RoomDefinition<S, M>;
  /** Aborts joining (the promise then resolves with code `aborted`). */
  readonly signal?: AbortSignal;
}

/** `this.p2p.switchZone(zone, options)`. */
export interface SwitchZoneOptions<S extends object, M> {
  /** The room type of the new zone; default the current one. */
  readonly room?: RoomDefinition<S, M>;
  readonly signal?: AbortSignal;
  /** With quadtree groups (`join({ groups })`): where the avatar appears in the new zone (its leaf is joined there). */
  readonly position?: { readonly x: number; readonly y: number };
}

/** How the local player's entity is predicted (see `prediction.ts`). */
export interface LocalPrediction<E, I> {
  /**
   * Moves `entity` by `dtMs` of `input`: the same movement the room's reducer applies for one
   * round of that input, so a prediction agrees with the decided state.
   */
  readonly predict: (entity: E, input: I, dtMs: number) => E;
  /** The sampled input type fed to `predict` (`input.sample(type, ...)`); default the first one sampled. */
  readonly input?: string;
}

/** `this.p2p.entities.bind(decl)`: a collection of the room state shown as game objects. */
export interface EntityBindingDecl<E extends object, O, I = unknown> {
  /** Path to a `Record<id, E>` in the room state, e.g. `['players']`. */
  readonly path: readonly (string | number)[];
  /** Makes the game object of a new entity (remote and local alike). */
  readonly create: (id: string, entity: E) => O;
  /** Numeric fields interpolated between decided rounds (and predicted for the local player), e.g. `['x', 'y']`. */
  readonly fields: readonly (keyof E & string)[];
  /**
   * Shows the other fields (name tag, chat bubble). Called when a decided entity changes; for the
   * predicted local entity, on every frame its prediction changes.
   */
  readonly update?: (obj: O, entity: E, id: string) => void;
  /** Removes the game object of an entity that left the state. Default `obj.destroy()`. */
  readonly destroy?: (obj: O, id: string) => void;
  /** Writes the interpolated fields to the object. Default `obj[field] = value` for each field. */
  readonly place?: (obj: O, values: Readonly<Record<string, number>>, id: string) => void;
  /** The local player's entity (keyed by the player id) is predicted from its sampled input. */
  readonly local?: LocalPrediction<E, I>;
  /**
   * Opt-in: place remote entities from the room's speculative view (`room.speculativeState`:
   * other players' inputs shown as soon as their keys arrive, before their round is decided),
   * interpolated `interpolationRounds + k` rounds behind its newest round. Sooner, but an input
   * the decision rejects moves the entity back (rare). Objects still come and go with decided
   * rounds, and the local entity stays predicted. Zones of quadtree groups show decided states.
   * Default false.
   */
  readonly speculative?: boolean;
}

/** A live binding: the objects it made. `unbind()` destroys them and stops updating. */
export interface EntityBindingHandle<O> {
  /** The game object of entity `id`, if shown. */
  get(id: string): O | undefined;
  /** Ids of the entities shown. */
  ids(): readonly string[];
  /** Destroys every object of this binding and stops it (idempotent). */
  unbind(): void;
}

/** `input.sample` options. */
export interface SampleOptions {
  /** `'round'` (default): send every round. `'change'`: only when different from the last sent, plus a refresh every 20 rounds. */
  readonly every?: 'round' | 'change';
}

/** `this.p2p.items.show(options)`: dropped items near the camera as game objects. */
export interface ItemsShowOptions<O> {
  /** Makes the game object of an item that came into view. */
  readonly create: (item: Item) => O;
  /** Removes it when it leaves the view or the zone (picked, decayed). Default `obj.destroy()`. */
  readonly destroy?: (obj: O, item: Item) => void;
}

/** What `this.p2p.events` emits. */
export interface P2PEvents {
  /** A join step began (`keys` ... `first-round`); `switchZone` repeats `group` and `first-round`. */
  progress: (step: JoinStep) => void;
  /** Entered a zone (join or switchZone). */
  joined: (room: AnyZoneRoom) => void;
  /** The zone room changed (`undefined` while switching or after leaving). */
  room: (room: AnyZoneRoom | undefined) => void;
  /** A join or switch failed. */
  error: (error: Error) => void;
  /** The phase changed. */
  phase: (phase: P2PPhase) => void;
  /** Game code called by the plugin threw (a sampler, a binding callback); the plugin went on. */
  callbackError: (error: unknown, where: string) => void;
}
