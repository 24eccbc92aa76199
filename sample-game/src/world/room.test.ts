import fc from 'fast-check';
import { createRoom, FakeRoomConnection, RoomError } from 'phaser-p2p-mmo';
import { describe, expect, it } from 'vitest';
import { TOWN } from './maps';
import { defineZoneRoom } from './room';
import { CHAT_MAX, CHEST_LOOT_MIN, CHEST_LOOT_SPREAD, CHEST_REFILL_MS, colorOf } from './state';
import { asciiMap, type TestMessage, ZoneHarness } from './test-support';

// A chest at (3, 1) with free tiles around it; spawn `start` at (1, 3).
const map = asciiMap(['#######', '#..C..#', '#.....#', '#S....#', '#######'], 'yard');
const yard = defineZoneRoom(map);
const chest = map.chests[0]!;
const NEXT_TO_CHEST = { x: chest.x, y: chest.y + 32 };

/** A harness with players `a` and `b` in (in that member order), said hello at `start`. */
function withPlayers(players: readonly string[] = ['a', 'b']): ZoneHarness {
  const h = new ZoneHarness(yard);
  h.round({ joined: players, members: players });
  h.round({ inputs: Object.fromEntries(players.map((p) => [p, [['hello', { name: `P${p}layer`, spawn: 'start' }]]])) });
  return h;
}

/** Walks `player` (alone moving) until its feet are at `to`, within the room's step. */
function walkTo(h: ZoneHarness, members: readonly string[], player: string, to: { x: number; y: number }): void {
  for (let i = 0; i < 200; i++) {
    const me = h.state.players[player]!;
    const dx = Math.abs(to.x - me.x) < 5 ? 0 : Math.sign(to.x - me.x);
    const dy = Math.abs(to.y - me.y) < 5 ? 0 : Math.sign(to.y - me.y);
    const input: Record<string, TestMessage[]> = { [player]: [['move', { dx, dy }]] };
    h.round({ members, inputs: input });
    if (dx === 0 && dy === 0) return;
  }
  throw new Error('walk did not arrive');
}

describe('zone room', () => {
  it('arrive (quadtree groups) puts a player where it stands, on the movement grid, only on free ground', () => {
    const h = new ZoneHarness(yard);
    h.round({ joined: ['a', 'b', 'c'], members: ['a', 'b', 'c'] });
    h.round({
      inputs: {
        a: [['arrive', { name: 'Alice', x: 80.01, y: 80, treasure: 7 }]],
        // Inside a wall, and outside the map: refused.
        b: [['arrive', { name: 'Bobby', x: 5, y: 5, treasure: 0 }]],
        c: [['arrive', { name: 'Carol', x: 5000, y: 80, treasure: 0 }]],
      },
    });
    expect(h.state.players.a).toMatchObject({ name: 'Alice', x: 80, y: 80, treasure: 7, moving: false });
    expect(h.state.players.b).toBeUndefined();
    expect(h.state.players.c).toBeUndefined();
    // Once in, a second arrive does not move it.
    h.round({ inputs: { a: [['arrive', { name: 'Alice', x: 112, y: 80, treasure: 9 }]] } });
    expect(h.state.players.a).toMatchObject({ x: 80, treasure: 7 });
  });

  it('hello puts a player at the named spawn, once, with a colour from its id', () => {
    const h = withPlayers(['a']);
    expect(h.state.players.a).toMatchObject({ name: 'Palayer', x: 48, y: 112, color: colorOf('a'), treasure: 0 });
    h.round({ inputs: { a: [['hello', { name: 'Other', spawn: 'start' }]] } });
    expect(h.state.players.a?.name).toBe('Palayer');
    // An unknown spawn falls back to the map's first; an invalid name is refused.
    h.round({ joined: ['c', 'd'], members: ['a'] });
    h.round({
      inputs: { c: [['hello', { name: 'Carol', spawn: 'nowhere' }]], d: [['hello', { name: '1bad', spawn: 'start' }]] },
    });
    expect(h.state.players.c).toMatchObject({ x: 48, y: 112 });
    expect(h.state.players.d).toBeUndefined();
  });

  it('moves players by intent * speed * round time, holds the intent, and removes leavers', () => {
    const h = withPlayers(['a', 'b']);
    h.round({ inputs: { a: [['move', { dx: 1, dy: 0 }]] }, members: ['a', 'b'] });
    const x0 = h.state.players.a!.x;
    h.idle(2, ['a', 'b'], 50);
    expect(h.state.players.a!.x - x0).toBeCloseTo(2 * 9.375);
    expect(h.state.players.a).toMatchObject({ dir: 'right', moving: true });
    expect(h.state.players.b).toMatchObject({ x: 48, moving: false });
    h.round({ left: ['b'], members: ['a'] });
    expect(h.state.players.b).toBeUndefined();
  });

  it('the local prediction equals the reducer for the same input and time', () => {
    const h = withPlayers(['a']);
    const before = h.state.players.a!;
    // The intent moves the player in the round that carries it, for that round's length.
    h.round({ inputs: { a: [['move', { dx: 1, dy: -1 }]] }, ms: 70 });
    const predicted = yard.predict({ ...before }, { dx: 1, dy: -1 }, 70);
    expect(h.state.players.a).toEqual(predicted);
    h.round({ members: ['a'], ms: 30 });
    expect(h.state.players.a).toEqual(yard.predict(predicted, { dx: 1, dy: -1 }, 30));
    expect(h.state.players.a!.x).toBeGreaterThan(before.x);
  });

  it('two players opening one chest in one round: only the first in member order gets the treasure', () => {
    const h = withPlayers(['a', 'b']);
    walkTo(h, ['a', 'b'], 'a', NEXT_TO_CHEST);
    walkTo(h, ['a', 'b'], 'b', { x: chest.x + 32, y: chest.y });
    const hashes = h.round({
      members: ['b', 'a'],
      inputs: { b: [['openChest', { id: 'c0' }]], a: [['openChest', { id: 'c0' }]] },
    });
    expect(hashes[0]).toBe(hashes[1]);
    const c = h.state.chests.c0!;
    expect(c.openedBy).toBe('b');
    expect(c.loot).toBeGreaterThanOrEqual(CHEST_LOOT_MIN);
    expect(c.loot).toBeLessThan(CHEST_LOOT_MIN + CHEST_LOOT_SPREAD);
    expect(h.state.players.b!.treasure).toBe(c.loot);
    expect(h.state.players.a!.treasure).toBe(0);
    // Opening it again does nothing; after the refill time it can be taken again.
    h.round({ members: ['a', 'b'], inputs: { a: [['openChest', { id: 'c0' }]] } });
    expect(h.state.players.a!.treasure).toBe(0);
    h.round({ members: ['a', 'b'], ms: CHEST_REFILL_MS });
    expect(h.state.chests.c0!.openedBy).toBeNull();
    h.round({ members: ['a', 'b'], inputs: { a: [['openChest', { id: 'c0' }]] } });
    expect(h.state.chests.c0!.openedBy).toBe('a');
  });

  it('a chest out of reach, or an unknown one, stays closed', () => {
    const h = withPlayers(['a']);
    h.round({ inputs: { a: [['openChest', { id: 'c0' }]] } });
    h.round({ inputs: { a: [['openChest', { id: 'toString' }]] } });
    expect(h.state.chests.c0!.openedBy).toBeNull();
    expect(Object.keys(h.state.chests)).toEqual(['c0']);
  });

  it('chat shows a bubble until it expires; longer than 80 characters is refused', () => {
    const h = withPlayers(['a']);
    h.round({ inputs: { a: [['chat', { text: '  hello there  ' }]] } });
    expect(h.state.players.a).toMatchObject({ chat: 'hello there' });
    h.idle(200, ['a'], 50);
    expect(h.state.players.a).toMatchObject({ chat: '', chatUntil: 0 });
    h.round({ inputs: { a: [['chat', { text: 'x'.repeat(CHAT_MAX + 1) }]] } });
    expect(h.state.players.a!.chat).toBe('');
    expect(h.replicas[0]!.counters.dropped.schema).toBe(1);
    for (const text of ['bell\u0007', 'rtl\u202eevil', '   ']) {
      h.round({ inputs: { a: [['chat', { text }]] } });
      expect(h.state.players.a!.chat, JSON.stringify(text)).toBe('');
    }
    // Locally, send() refuses it at once.
    const { room } = createRoom(yard.definition, { self: 'a', connection: new FakeRoomConnection() });
    expect(() => room.send('chat', { text: 'x'.repeat(CHAT_MAX + 1) })).toThrow(RoomError);
    expect(room.send('chat', { text: 'x'.repeat(CHAT_MAX) })).toBe(true);
  });

  it('drops and counts bad payloads without touching the state', () => {
    const h = withPlayers(['a']);
    const before = h.state;
    h.round({
      inputs: {
        a: [
          ['raw', yard.definition.messageNames.indexOf('move'), { dx: 2, dy: 0 }],
          ['raw', yard.definition.messageNames.indexOf('move'), { dx: 1 }],
          ['raw', 99, {}],
          ['raw', yard.definition.messageNames.indexOf('openChest'), { id: '../x' }],
        ],
      },
    });
    h.round({ inputs: { a: Uint8Array.of(0xc1, 0xff) } });
    const counters = h.replicas[0]!.counters;
    expect(counters.dropped).toMatchObject({ schema: 3, 'unknown-type': 1, malformed: 1 });
    expect(h.state.players).toEqual(before.players);
    expect(h.state.chests).toEqual(before.chests);
  });

  it('two replicas given the same rounds agree on every state hash (the town)', () => {
    const town = TOWN.room;
    const players = ['p0', 'p1', 'p2'];
    const message = fc.oneof(
      fc
        .record({ dx: fc.integer({ min: -1, max: 1 }), dy: fc.integer({ min: -1, max: 1 }) })
        .map((p): TestMessage => ['move', p]),
      fc
        .string({ maxLength: 90 })
        .map((text): TestMessage => ['raw', town.definition.messageNames.indexOf('chat'), { text }]),
      fc.constantFrom(...TOWN.map.chests.map((c) => c.id)).map((id): TestMessage => ['openChest', { id }]),
      fc.anything().map((p): TestMessage => ['raw', town.definition.messageNames.indexOf('move'), p]),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(fc.array(message, { maxLength: 3 }), { minLength: 3, maxLength: 3 }),
            fc.integer({ min: 20, max: 300 }),
          ),
          {
            maxLength: 25,
          },
        ),
        (rounds) => {
          const h = new ZoneHarness(town, 2);
          h.round({ joined: players, members: players });
          const hello = Object.fromEntries(
            players.map((p) => [p, [['hello', { name: `N${p}`, spawn: 'square' }]] as TestMessage[]]),
          );
          h.round({ inputs: hello });
          for (const [inputs, ms] of rounds) {
            const [x, y] = h.round({
              members: players,
              inputs: Object.fromEntries(players.map((p, i) => [p, inputs[i]!])),
              ms,
            });
            expect(x).toBe(y);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
