import type { NeoConfig } from '../neo/config';
import type { NeoHooks } from '../neo/options';
import type { RoomStatus } from '../room/connection';
import type { RoomHandle } from '../room/handle';
import type { RoomDefinition, Unsubscribe } from '../room/types';
import type { PeerId } from '../transport/transport';

/** An axis-aligned rectangle in world units. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A zone of the game world: its name (`[A-Za-z0-9_.-]{1,64}`) and its bounds. */
export interface ZoneDef {
  readonly name: string;
  readonly bounds: Rect;
}

/** Progress steps of {@link joinZone} (after the session's own steps). */
export const ZoneStep = {
  /** Looking for the zone's group in the DHT, joining it or founding one. */
  Group: 'group',
  /** Waiting for the first applied round (a snapshot for a joiner). */
  FirstRound: 'first-round',
} as const;
/** One of {@link ZoneStep}'s values. */
export type ZoneStep = (typeof ZoneStep)[keyof typeof ZoneStep];

/** Options of {@link joinZone}. */
export interface JoinZoneOptions<S extends object, M> {
  readonly zone: ZoneDef;
  /** The game's room (`defineRoom`): one instance per zone group. */
  readonly room: RoomDefinition<S, M>;
  /** Round length R of a founded group, ms (default 50); NEO adapts it later. */
  readonly roundMs?: number;
  /** Message deadline k of a founded group, rounds (default 2); NEO adapts it later. */
  readonly k?: number;
  /** NEO tuning (protocol fields must be the same at every player of the game). */
  readonly neo?: Partial<NeoConfig>;
  /** Dropped items: how long they last (default 10 min) and the area cell size (default 512). */
  readonly items?: { readonly decayMs?: number; readonly cellSize?: number };
  /** How long to look for the zone's group before founding one, ms (default 15000). */
  readonly discoveryTimeoutMs?: number;
  readonly onProgress?: (step: ZoneStep) => void;
  readonly signal?: AbortSignal;
  /** Test builds only: adversarial NEO hooks (the e2e "cheating client"). */
  readonly testHooks?: NeoHooks;
}

/** A dropped item lying in the zone. */
export interface Item {
  readonly id: string;
  readonly kind: string;
  readonly x: number;
  readonly y: number;
  /** Who dropped it. */
  readonly by: PeerId;
  /** Synchronised-clock ms. */
  readonly droppedAt: number;
  readonly decaysAt: number;
  /** The area cell it lies in (`c<col>_<row>`). */
  readonly cell: string;
}

/** The zone's dropped items, decided through the rounds and stored in DHT area records. */
export interface ZoneItems {
  /** Items lying in the zone, sorted by id. */
  list(): readonly Item[];
  /** Items of every area cell the rect overlaps. */
  inRect(r: Rect): readonly Item[];
  /** Queued into the next round (system input). Throws on a bad kind (1..32 characters) or coordinates. */
  drop(kind: string, x: number, y: number): void;
  /** Decided through the rounds: of two pickUps in one round, the first in member order gets it. */
  pickUp(id: string): void;
  on(e: 'dropped', fn: (item: Item) => void): Unsubscribe;
  on(e: 'picked', fn: (item: Item, by: PeerId) => void): Unsubscribe;
  /** Picked or decayed. */
  on(e: 'removed', fn: (item: Item) => void): Unsubscribe;
}

/** One member of the zone's group, for the debug overlay. */
export interface ZoneMemberInfo {
  readonly id: PeerId;
  readonly leader: boolean;
  readonly rttMs: number | undefined;
}

/** What {@link ZoneRoom.info} reports. */
export interface ZoneInfo {
  readonly zone: string;
  readonly cell: string;
  readonly groupId: string;
  readonly members: readonly ZoneMemberInfo[];
  readonly leader: PeerId | undefined;
  readonly round: number;
  readonly appliedRound: number | undefined;
  readonly confirmedRound: number;
  readonly epoch: number | undefined;
  readonly roundMs: number;
  readonly k: number;
  /** Share of expected round messages from members missing, recent window, 0..1. */
  readonly loss: number;
  /** The zone's area cells. */
  readonly cells: readonly { readonly name: string; readonly rect: Rect }[];
  readonly interest: Rect | undefined;
  /** Area cells the interest rect overlaps. */
  readonly observedCells: readonly string[];
  readonly counters: Readonly<Record<string, number>>;
}

/** The local player's place in one zone: the game's room handle, items, and the group's timing. */
export interface ZoneRoom<S extends object, M> {
  readonly zone: ZoneDef;
  /** The game's room handle. */
  readonly room: RoomHandle<S, M>;
  readonly items: ZoneItems;
  info(): ZoneInfo;
  /** The synchronised clock. */
  now(): number;
  /** Start of a round on the synchronised clock (undefined before the group's schedule is known). */
  roundTime(round: number): number | undefined;
  /** After each applied round. */
  onApplied(fn: (round: number, time: number) => void): Unsubscribe;
  /** Right before the local input of `round` is taken (sample input here, once per round). */
  onBeforeInput(fn: (round: number) => void): Unsubscribe;
  /** The camera's world view (issue 6 turns it into observed cells). */
  setInterest(r: Rect | undefined): void;
  readonly status: RoomStatus;
  /** Leaves at the group's next epoch (alone: at once); resolves when out. Idempotent. */
  leave(): Promise<void>;
}
