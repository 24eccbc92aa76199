import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../wire/codec';
import { s } from '../wire/schema';
import { defineRoom } from './define';
import { RoomErrorCode } from './errors';
import { type ArenaState, defineArena, inputOf } from './fixtures/arena';
import { RoomReplica, type RoomUpdate } from './replica';
import { testRound } from './testing';

const def = defineArena();
const names = def.messageNames;

function played(rounds: number) {
  const r = new RoomReplica(def, { self: 'a' });
  r.apply(testRound({ round: 0, joined: ['b', 'a'], inputs: [{ player: 'a', input: null }] }));
  for (let round = 1; round <= rounds; round++) {
    const input = inputOf(names, [['move', { dx: (round % 3) - 1, dy: 1 }]]);
    r.apply(
      testRound({
        round,
        inputs: [
          { player: 'a', input },
          { player: 'b', input },
        ],
      }),
    );
  }
  return r;
}

describe('snapshot and restore', () => {
  it('round-trips: same state, same hash, same key order, frozen', () => {
    const src = played(5);
    const dst = new RoomReplica(def, { self: 'c' });
    const restored = dst.restore(src.snapshot(), 5);
    expect(restored.ok && restored.value).toEqual(src.stateHash());
    expect(dst.state).toEqual(src.state);
    expect(dst.round).toBe(5);
    // Key order survives (players joined as b, a), so reducers iterating keys agree.
    expect(Object.keys(dst.state.players)).toEqual(Object.keys(src.state.players));
    expect(Object.keys(dst.state.players)).toEqual(['b', 'a']);
    expect(Object.isFrozen(dst.state.players.a)).toBe(true);
    // Both continue identically.
    const next = testRound({ round: 6, inputs: [{ player: 'a', input: inputOf(names, [['roll', {}]]) }] });
    expect(dst.apply(next)).toEqual(src.apply(next));
  });

  it('produces identical bytes at two peers with the same history', () => {
    expect(played(4).snapshot()).toEqual(played(4).snapshot());
  });

  it('notifies observers with a reset update', () => {
    const dst = new RoomReplica(def, { self: 'c' });
    const updates: RoomUpdate<ArenaState>[] = [];
    dst.observe({ update: (u) => updates.push(u) });
    dst.restore(played(2).snapshot(), 2);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.reset).toBe(true);
    expect(updates[0]?.patches).toEqual([{ op: 'replace', path: [], value: dst.state }]);
  });

  it('rejects corrupt, foreign and mismatched snapshots and keeps the state', () => {
    const good = played(3).snapshot();
    const dst = new RoomReplica(def, { self: 'c' });
    const hash = dst.stateHash();
    const wrap = (v: Record<string, unknown>) => encodeValue(v as never);
    const decoded = decodeValue(good);
    const fields = (decoded.ok ? decoded.value : {}) as Record<string, unknown>;
    const cases: [string, Uint8Array, number, RegExp][] = [
      ['truncated', good.subarray(0, good.length - 3), 3, /snapshot rejected/],
      ['garbage', new Uint8Array([0xc1]), 3, /snapshot rejected/],
      ['wrong round', good, 4, /after round 3, not 4/],
      ['wrong room', wrap({ ...fields, room: 'lobby' }), 3, /for room "lobby"/],
      ['wrong version', wrap({ ...fields, v: 2 }), 3, /unknown version 2/],
      ['extra field', wrap({ ...fields, more: 1 }), 3, /expected the fields/],
      ['state not an object', wrap({ ...fields, state: 5 }), 3, /not an object/],
      [
        'NaN in state',
        wrap({ ...fields, state: { players: {}, log: [], tick: Number.NaN, npc: {} } }),
        3,
        /state\.tick: NaN/,
      ],
      ['bad round arg', good, -5, /bad round/],
    ];
    for (const [name, bytes, round, message] of cases) {
      const r = dst.restore(bytes, round);
      expect(r.ok, name).toBe(false);
      if (!r.ok) {
        expect(r.error.code, name).toBe(RoomErrorCode.BadSnapshot);
        expect(r.error.message, name).toMatch(message);
      }
    }
    expect(dst.stateHash()).toEqual(hash);
  });

  it('checks the state schema when the room declares one', () => {
    const strict = defineRoom({
      name: 'counter',
      initialState: () => ({ n: 0 }),
      messages: {},
      stateSchema: s.object({ n: s.uint({ max: 10 }) }),
    });
    const r = new RoomReplica(strict, { self: 'a' });
    const bad = encodeValue({ v: 1, room: 'counter', round: 0, state: { n: 11 } });
    const out = r.restore(bad, 0);
    expect(!out.ok && out.error.message).toMatch(/state\.n: expected uint/);
    expect(r.restore(encodeValue({ v: 1, room: 'counter', round: 0, state: { n: 7 } }), 0).ok).toBe(true);
  });
});

describe('rewind and the retained window', () => {
  it('puts back the state after a retained round, and refuses older rounds', () => {
    const r = played(0);
    r.retainRounds(3);
    const hashes = new Map<number, Uint8Array>();
    const states = new Map<number, unknown>();
    for (let round = 1; round <= 6; round++) {
      const input = inputOf(names, [['move', { dx: 1, dy: 0 }]]);
      hashes.set(round, r.apply(testRound({ round, inputs: [{ player: 'a', input }] })));
      states.set(round, r.state);
    }
    expect(r.rewind(2)).toBe(false);
    expect(r.rewind(9)).toBe(false);
    expect(r.rewind(3)).toBe(true);
    expect(r.round).toBe(3);
    expect(r.state).toBe(states.get(3));
    expect(r.stateHash()).toEqual(hashes.get(3));
    // Re-applying a different decision for round 4 diverges from the old history.
    const other = inputOf(names, [['move', { dx: -1, dy: 0 }]]);
    const h4 = r.apply(testRound({ round: 4, inputs: [{ player: 'a', input: other }] }));
    expect(h4).not.toEqual(hashes.get(4));
    expect(r.rewind(5)).toBe(false);
  });

  it('tells observers about the net change after a repair, as a reset', () => {
    const r = played(0);
    r.retainRounds(4);
    const move = (dx: number) => inputOf(names, [['move', { dx, dy: 0 }]]);
    r.apply(testRound({ round: 1, inputs: [{ player: 'a', input: move(1) }] }));
    r.apply(testRound({ round: 2, inputs: [{ player: 'a', input: move(1) }] }));
    const wrong = r.state;
    const updates: RoomUpdate<ArenaState>[] = [];
    r.observe({ update: (u) => updates.push(u) });
    expect(r.rewind(1)).toBe(true);
    expect(updates).toHaveLength(0);
    expect(r.observedState).toBe(wrong);
    r.apply(testRound({ round: 2, inputs: [{ player: 'a', input: move(-1) }] }));
    expect(updates).toHaveLength(1);
    expect(updates[0]?.reset).toBe(true);
    expect(updates[0]?.previous).toBe(wrong);
    expect(updates[0]?.state.players.a?.x).toBe(0);
  });

  it('validates retainRounds', () => {
    const r = played(0);
    expect(() => r.retainRounds(-1)).toThrow(/`retainRounds` must be an integer/);
    expect(() => r.retainRounds(1.5)).toThrow(/`retainRounds`/);
  });
});
