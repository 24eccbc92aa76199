import { describe, expect, it } from 'vitest';
import { RoomReplica } from '../room/replica';
import { testRound } from '../room/testing';
import { toHex } from '../util/bytes';
import { encodeCanonical } from '../wire/codec';
import { CellGrid } from './cells';
import { CompositeState } from './composite';
import { TEST_ZONE, TestRoom } from './fixtures';
import { systemRoom } from './system-room';

function composite(self = 'alice'): CompositeState {
  const game = new RoomReplica(TestRoom, { self });
  const system = new RoomReplica(systemRoom(new CellGrid(TEST_ZONE.bounds, 512), 60_000), { self });
  return new CompositeState(game as unknown as RoomReplica<object, unknown>, system);
}

describe('the composite replicated state', () => {
  it('encodes [game, system] inputs, runs onBeforeInput first, and is null when both are', () => {
    const c = composite();
    const rounds: number[] = [];
    c.onBeforeInput((r) => {
      rounds.push(r);
      if (r === 1) c.game.enqueue('move', { dx: 1, dy: 2 });
    });
    c.onBeforeInput(() => {
      throw new Error('listener bug');
    });
    expect(c.takeInput(0)).toBeNull();
    const input = c.takeInput(1);
    expect(rounds).toEqual([0, 1]);
    expect(c.counters.inputListenerErrors).toBe(2);
    c.system.enqueue('drop', { kind: 'gem', x: 5, y: 5 });
    const both = c.takeInput(2)!;
    expect(input).not.toBeNull();
    expect(both[0]).toBe(0x92);
  });

  it('applies both rooms, founding round joins its members, and hashes both', () => {
    const a = composite('alice');
    const b = composite('bob');
    a.game.enqueue('move', { dx: 3, dy: 0 });
    const input = a.takeInput(0);
    const round = testRound({
      round: 0,
      inputs: [
        { player: 'alice', input },
        { player: 'bob', input: null },
      ],
    });
    const ha = a.apply(round);
    const hb = b.apply(round);
    expect(toHex(ha)).toBe(toHex(hb));
    expect(toHex(a.stateHash())).toBe(toHex(ha));
    expect((a.game.state as { players: object }).players).toEqual({ alice: { x: 3, y: 0 }, bob: { x: 0, y: 0 } });
    expect(a.system.state.started).toBe(true);
    expect(a.system.state.groupId).toBe('alice.0');
  });

  it('drops and counts a malformed composite input, never throws, and stays in agreement', () => {
    const a = composite('alice');
    const b = composite('bob');
    const garbage = [
      Uint8Array.of(0xc1),
      encodeCanonical(['x', null]),
      encodeCanonical([null, null]),
      encodeCanonical([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]),
      encodeCanonical({ g: null }),
    ];
    for (const [i, input] of garbage.entries()) {
      const round = testRound({
        round: i,
        inputs: [
          { player: 'alice', input },
          { player: 'bob', input: null },
        ],
      });
      expect(toHex(a.apply(round))).toBe(toHex(b.apply(round)));
    }
    expect(a.counters.malformedInputs).toBe(garbage.length);
    // A well-formed composite whose game part is garbage: the room drops that part and counts it.
    const bad = encodeCanonical([Uint8Array.of(0xc1), null]);
    a.apply(testRound({ round: 9, inputs: [{ player: 'alice', input: bad }] }));
    expect(a.counters.malformedInputs).toBe(garbage.length);
    expect(a.game.counters.dropped.malformed).toBe(1);
  });

  it('snapshots and restores both rooms together; rewinds both', () => {
    const a = composite('alice');
    a.retainRounds(4);
    a.system.enqueue('drop', { kind: 'gem', x: 700, y: 10 });
    const round0 = testRound({ round: 0, inputs: [{ player: 'alice', input: a.takeInput(0) }] });
    a.apply(round0);
    const snap = a.snapshot();
    const b = composite('bob');
    const restored = b.restore(snap, 0);
    expect(restored.ok && toHex(restored.value)).toBe(toHex(a.stateHash()));
    expect(Object.keys(b.system.state.items)).toHaveLength(1);
    expect(b.restore(Uint8Array.of(1, 2, 3), 0).ok).toBe(false);
    expect(b.restore(snap, 5).ok).toBe(false);
    const h0 = toHex(a.stateHash());
    a.apply(testRound({ round: 1 }));
    expect(a.rewind(0)).toBe(true);
    expect(toHex(a.stateHash())).toBe(h0);
    expect(a.rewind(-7)).toBe(false);
  });
});
