/**
 * Test helpers for the zone room: replicas of one room type driven by hand-built decided rounds
 * (the way NEO drives them), and inputs encoded exactly as a peer's replica would send them.
 */
import { encodePair, packInput, RoomReplica, testRound, toHex } from 'phaser-p2p-mmo';
import { type GameMap, parseMap } from './map';
import type { ZoneMessages, ZoneRoomType } from './room';
import type { ZoneState } from './state';

/** One message of an input: a known message with its payload, or a raw `[code, payload]` pair. */
export type TestMessage =
  | { readonly [K in keyof ZoneMessages]: readonly [K, ZoneMessages[K]] }[keyof ZoneMessages]
  | readonly ['raw', number, unknown];

/** Encodes messages into one input, as `takeInput` would (no schema check: tests send bad ones too). */
export function inputOf(type: ZoneRoomType, messages: readonly TestMessage[]): Uint8Array {
  const names = type.definition.messageNames as readonly string[];
  return packInput(
    messages.map((m) => (m[0] === 'raw' ? encodePair(m[1], m[2]) : encodePair(names.indexOf(m[0]), m[1]))),
  );
}

/** Round length of the test rounds, ms. */
export const TEST_ROUND_MS = 50;

/**
 * Replicas of one zone room fed the same decided rounds. `round()` builds the next round from
 * the inputs given per player (members in the given order) and returns the state hashes.
 */
export class ZoneHarness {
  readonly replicas: RoomReplica<ZoneState, ZoneMessages>[];
  #round = 0;
  #time = 1_000_000;

  constructor(
    readonly type: ZoneRoomType,
    replicas = 2,
  ) {
    this.replicas = Array.from({ length: replicas }, (_, i) => new RoomReplica(type.definition, { self: `r${i}` }));
  }

  get state(): ZoneState {
    return this.replicas[0]!.state as ZoneState;
  }

  /** Applies one round to every replica; returns the hashes (hex), one per replica. */
  round(
    init: {
      readonly members?: readonly string[];
      readonly joined?: readonly string[];
      readonly left?: readonly string[];
      readonly inputs?: Readonly<Record<string, readonly TestMessage[] | Uint8Array>>;
      readonly ms?: number;
    } = {},
  ): string[] {
    const members = init.members ?? Object.keys(init.inputs ?? {});
    const inputs = members.map((player) => {
      const given = init.inputs?.[player];
      const input = given === undefined ? null : given instanceof Uint8Array ? given : inputOf(this.type, given);
      return { player, input };
    });
    this.#time += init.ms ?? TEST_ROUND_MS;
    const round = testRound({
      round: this.#round++,
      time: this.#time,
      joined: init.joined ?? [],
      left: init.left ?? [],
      inputs,
    });
    return this.replicas.map((r) => toHex(r.apply(round)));
  }

  /** Applies `n` rounds with no input from `members`. */
  idle(n: number, members: readonly string[], ms = TEST_ROUND_MS): void {
    for (let i = 0; i < n; i++) this.round({ members, ms });
  }
}

/** A small map from ASCII rows ('#' solid, '.' free, 'S' the spawn `start`, 'C' a chest `c<n>`), 32 px tiles. */
export function asciiMap(rows: readonly string[], name = 'test'): GameMap {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const spawns: { id: string; x: number; y: number }[] = [];
  const chests: { id: string; x: number; y: number }[] = [];
  rows.forEach((row, y) => {
    [...row].forEach((ch, x) => {
      if (ch === 'S') spawns.push({ id: 'start', x: x * 32 + 16, y: y * 32 + 16 });
      if (ch === 'C') chests.push({ id: `c${chests.length}`, x: x * 32 + 16, y: y * 32 + 16 });
    });
  });
  const tiles = rows.map((r) => [...r].map(() => 0));
  return parseMap({
    name,
    tileSize: 32,
    width,
    height,
    tileset: { image: 'tiles.png', columns: 1, count: 1 },
    layers: { ground: tiles, decoration: tiles.map((r) => r.map(() => -1)) },
    collision: rows.map((r) => r.replace(/C/g, '#').replace(/[^#]/g, '.')),
    spawns,
    doors: [],
    chests,
  });
}
