import { describe, expect, it } from 'vitest';
import type { RevealedInput } from '../neo/reveals';
import type { RoomReplica } from '../room/replica';
import { encodeCanonical } from '../wire/codec';
import { CellComposite } from './cell-composite';
import type { CellMessages } from './cell-room';
import type { CellState } from './cell-state';

const base: Omit<RevealedInput, 'input'> = {
  epoch: 0,
  round: 7,
  time: 350,
  roundMs: 50,
  k: 2,
  members: ['a', 'b'],
  player: 'b',
  plaintext: null,
};

function composite(withGame: boolean) {
  const revealed: (Uint8Array | null)[] = [];
  const game = { reveal: (r: RevealedInput) => revealed.push(r.input) } as unknown as RoomReplica<object, unknown>;
  const cell = {} as RoomReplica<CellState, CellMessages>;
  return { c: new CellComposite(cell, withGame ? game : undefined), revealed };
}

describe('CellComposite.reveal', () => {
  it('hands the game room the game part of a revealed [cell, game] input, and none for anything else', () => {
    const { c, revealed } = composite(true);
    const game = new Uint8Array([1, 2, 3]);
    c.reveal({ ...base, input: encodeCanonical([null, game]) });
    c.reveal({ ...base, input: encodeCanonical([new Uint8Array([9]), null]) });
    c.reveal({ ...base, input: new Uint8Array([0xc1]) }); // not msgpack
    c.reveal({ ...base, input: encodeCanonical([game]) }); // not a pair
    c.reveal({ ...base, input: null });
    expect(revealed).toEqual([game, null, null, null, null]);
    // Nothing counted: the decision counts malformed inputs, identically at every member.
    expect(c.malformedInputs).toBe(0);
  });

  it('does nothing without a game room', () => {
    const { c, revealed } = composite(false);
    c.reveal({ ...base, input: encodeCanonical([null, new Uint8Array([1])]) });
    expect(revealed).toEqual([]);
  });
});
