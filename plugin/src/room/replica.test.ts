import { describe, expect, it } from 'vitest';
import type { ReplicatedState } from '../neo/replicated-state';
import { toHex } from '../util/bytes';
import { encodeCanonical } from '../wire/codec';
import { RoomDropCode, type RoomError, RoomErrorCode } from './errors';
import { type ArenaState, defineArena, inputOf } from './fixtures/arena';
import { RoomReplica } from './replica';
import { hashState } from './snapshot';
import { testRound } from './testing';

const def = defineArena();
const names = def.messageNames;
const replica = (self = 'a') => new RoomReplica(def, { self });

function joinAll(r: ReplicatedState, players: string[], round = 0): void {
  r.apply(testRound({ round, joined: players, inputs: players.map((player) => ({ player, input: null })) }));
}

describe('RoomReplica.apply', () => {
  it('applies onLeave, then onJoin, then inputs in member order, then onRound', () => {
    const r = replica();
    joinAll(r, ['a', 'b']);
    const seen: string[] = [];
    const hooked = new RoomReplica(
      defineArena({
        onRound: (draft, ctx) => {
          draft.log.push(`round@${ctx.round}:${ctx.members.join('')}`);
        },
      }),
      { self: 'a' },
    );
    joinAll(hooked, ['a', 'b']);
    hooked.apply(
      testRound({
        round: 1,
        left: ['b'],
        joined: ['c'],
        inputs: [
          {
            player: 'a',
            input: inputOf(names, [
              ['rename', { name: 'A1' }],
              ['rename', { name: 'A2' }],
            ]),
          },
          { player: 'c', input: inputOf(names, [['rename', { name: 'C' }]]) },
        ],
      }),
    );
    seen.push(...hooked.state.log);
    expect(seen).toEqual([
      'join:a@0',
      'join:b@0',
      'round@0:ab',
      'leave:b@1',
      'join:c@1',
      'rename:a:A1',
      'rename:a:A2',
      'rename:c:C',
      'round@1:ac',
    ]);
    expect(Object.keys(hooked.state.players)).toEqual(['a', 'c']);
  });

  it('returns the hash of the state and keeps it as stateHash', () => {
    const r = replica();
    const initial = r.stateHash();
    expect(toHex(initial)).toBe(toHex(hashState({ players: {}, log: [], tick: 0, npc: { x: 0, seen: 0 } })));
    const h = r.apply(testRound({ round: 0, joined: ['a'] }));
    expect(h).toHaveLength(32);
    expect(r.stateHash()).toEqual(h);
    expect(h).toEqual(hashState(r.state));
  });

  it('drops and counts malformed, unknown and schema-failing peer messages without throwing', () => {
    const r = replica();
    joinAll(r, ['a', 'b']);
    const before = r.state.players;
    const drops: string[] = [];
    r.observe({ drop: (d) => drops.push(`${d.player}:${d.code}`) });
    r.apply(
      testRound({
        round: 1,
        inputs: [
          { player: 'a', input: new Uint8Array([0xc1, 0x00]) },
          {
            player: 'b',
            input: encodeCanonical([
              [99, {}],
              [names.indexOf('move'), { dx: 100, dy: 0 }],
              [names.indexOf('move'), { dx: 1, dy: 0, extra: 1 }],
              ['move', {}],
              [names.indexOf('move'), { dx: 2, dy: 3 }],
            ]),
          },
        ],
      }),
    );
    expect(drops).toEqual(['a:malformed', 'b:malformed', 'b:unknown-type', 'b:schema', 'b:schema']);
    expect(r.counters.dropped).toEqual({ malformed: 2, 'too-many': 0, 'unknown-type': 1, schema: 2 });
    expect(r.counters.applied).toBe(1);
    expect(r.state.players.b).toMatchObject({ x: 2, y: 3 });
    expect(r.state.players.a).toBe(before.a);
  });

  it('drops a whole input with more than maxMessagesPerRound messages', () => {
    const small = new RoomReplica(defineArena({ maxMessagesPerRound: 2 }), { self: 'a' });
    joinAll(small, ['a']);
    const three = inputOf(names, [
      ['move', { dx: 1, dy: 0 }],
      ['move', { dx: 1, dy: 0 }],
      ['move', { dx: 1, dy: 0 }],
    ]);
    small.apply(testRound({ round: 1, inputs: [{ player: 'a', input: three }] }));
    expect(small.counters.dropped[RoomDropCode.TooMany]).toBe(1);
    expect(small.state.players.a?.x).toBe(0);
  });

  it('isolates a throwing handler: its changes are discarded, the rest applies, peers report it identically', () => {
    const runs = ['a', 'b'].map((self) => {
      const r = replica(self);
      const errors: RoomError[] = [];
      r.observe({ update: (u) => errors.push(...u.errors) });
      joinAll(r, ['a', 'b']);
      r.apply(
        testRound({
          round: 1,
          inputs: [
            {
              player: 'a',
              input: inputOf(names, [
                ['boom', { at: 1 }],
                ['boom', { at: 2 }],
              ]),
            },
            { player: 'b', input: inputOf(names, [['move', { dx: 1, dy: 1 }]]) },
          ],
        }),
      );
      return { r, errors };
    });
    const [one, two] = runs;
    if (!one || !two) throw new Error('unreachable');
    expect(one.r.state.log.filter((l) => l.startsWith('boom'))).toEqual(['boom:a']);
    expect(one.r.state.players.b).toMatchObject({ x: 1, y: 1 });
    expect(one.errors).toHaveLength(1);
    const e = one.errors[0]!;
    expect(e.code).toBe(RoomErrorCode.HandlerThrew);
    expect({ round: e.round, player: e.player, step: e.step }).toEqual({ round: 1, player: 'a', step: 'message boom' });
    expect(e.message).toContain('odd boom 1');
    expect((e.cause as Error).message).toBe('odd boom 1');
    const describe = (x: RoomError) => [x.code, x.round, x.player, x.step, x.message];
    expect(two.errors.map(describe)).toEqual(one.errors.map(describe));
    expect(two.r.stateHash()).toEqual(one.r.stateHash());
    expect(one.r.counters.handlerErrors).toBe(1);
  });

  it.each([
    ['map', 'state.players.a.bag', 'a Map'],
    ['undefined', 'state.players.a.bag', 'undefined'],
    ['nan', 'state.players.a.bag.n', 'NaN'],
    ['date', 'state.players.a.bag[0]', 'a Date'],
    ['class', 'state.players.a.bag', 'a Sword instance'],
    ['cycle', 'state.players.a.bag', 'deeper than'],
  ] as const)('rejects a handler that writes non-plain data (%s) and names the path', (kind, path, message) => {
    const r = replica();
    joinAll(r, ['a']);
    const errors: RoomError[] = [];
    r.observe({ update: (u) => errors.push(...u.errors) });
    const before = r.stateHash();
    r.apply(testRound({ round: 1, inputs: [{ player: 'a', input: inputOf(names, [['corrupt', { kind }]]) }] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(RoomErrorCode.InvalidState);
    expect(errors[0]?.path?.startsWith(path)).toBe(true);
    expect(errors[0]?.message).toContain(message);
    expect(r.state.players.a?.hp).toBe(100);
    expect(r.counters.invalidState).toBe(1);
    // onRound still ran.
    expect(r.state.tick).toBe(2);
    expect(r.stateHash()).not.toEqual(before);
  });

  it('gives every peer the same per-round random numbers', () => {
    const [x, y] = [replica('a'), replica('b')];
    for (const r of [x, y]) {
      joinAll(r, ['a', 'b']);
      const roll = inputOf(names, [['roll', {}]]);
      r.apply(
        testRound({
          round: 1,
          inputs: [
            { player: 'a', input: roll },
            { player: 'b', input: roll },
          ],
        }),
      );
    }
    expect(x.state.players).toEqual(y.state.players);
    expect(x.state.players.a?.hp).not.toBe(100);
  });

  it('keeps the state deeply frozen', () => {
    const r = replica();
    joinAll(r, ['a']);
    const state = r.state as ArenaState;
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.players.a)).toBe(true);
    expect(Object.isFrozen(state.npc)).toBe(true);
    expect(() => {
      state.tick = 5;
    }).toThrow(TypeError);
  });

  it('refuses rounds that are not after the current one, and seeds that are not 32 bytes', () => {
    const r = replica();
    r.apply(testRound({ round: 3 }));
    expect(() => r.apply(testRound({ round: 3 }))).toThrow(/cannot apply round 3/);
    expect(() => r.apply(testRound({ round: 4, seed: new Uint8Array(8) }))).toThrow(/seed 8 bytes/);
  });
});

describe('RoomReplica.takeInput', () => {
  it('drains the queue into one input per round, capped, keeping the rest in order', () => {
    const r = new RoomReplica(defineArena({ maxMessagesPerRound: 2 }), { self: 'a' });
    joinAll(r, ['a']);
    for (let i = 1; i <= 5; i++) r.enqueue('move', { dx: 1, dy: i % 5 });
    expect(r.queued).toBe(5);
    let round = 1;
    for (const expected of [2, 2, 1]) {
      const before = r.counters.applied;
      const input = r.takeInput(round);
      expect(input).not.toBeNull();
      r.apply(testRound({ round, inputs: [{ player: 'a', input }] }));
      expect(r.counters.applied - before).toBe(expected);
      round++;
    }
    expect(r.takeInput(round)).toBeNull();
    expect(r.state.players.a).toMatchObject({ x: 5, y: 10 });
  });

  it('also caps by bytes', () => {
    const r = new RoomReplica(defineArena({ maxInputBytes: 64 }), { self: 'a' });
    for (let i = 0; i < 4; i++) r.enqueue('rename', { name: 'x'.repeat(16) });
    const input = r.takeInput(0);
    expect(input?.length).toBeLessThanOrEqual(64);
    expect(r.queued).toBe(2);
  });

  it('reports a full queue locally and drops the new message', () => {
    const r = new RoomReplica(defineArena({ maxQueuedMessages: 2 }), { self: 'a' });
    const local: RoomError[] = [];
    r.observe({ localError: (e) => local.push(e) });
    expect(r.enqueue('move', { dx: 0, dy: 0 })).toBe(true);
    expect(r.enqueue('move', { dx: 0, dy: 0 })).toBe(true);
    expect(r.enqueue('move', { dx: 0, dy: 0 })).toBe(false);
    expect(local.map((e) => e.code)).toEqual([RoomErrorCode.QueueFull]);
    expect(r.counters.queueFull).toBe(1);
  });

  it('reports local input that the round decided as none', () => {
    const r = replica();
    joinAll(r, ['a']);
    const local: RoomError[] = [];
    r.observe({ localError: (e) => local.push(e) });
    r.enqueue('move', { dx: 1, dy: 0 });
    r.takeInput(1);
    r.apply(testRound({ round: 1, inputs: [{ player: 'a', input: null }] }));
    expect(local.map((e) => [e.code, e.round])).toEqual([[RoomErrorCode.InputLost, 1]]);
    expect(r.counters.inputsLost).toBe(1);
  });
});
