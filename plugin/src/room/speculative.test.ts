import { describe, expect, it } from 'vitest';
import type { RevealedInput } from '../neo/reveals';
import { RoomErrorCode } from './errors';
import { defineArena, inputOf } from './fixtures/arena';
import { RoomHandle } from './handle';
import { RoomReplica } from './replica';
import { provisionalSeed } from './speculative';
import { FakeRoomConnection, testRound } from './testing';

// No randomness in onRound: a speculative round with the decided inputs equals the decided one.
const def = defineArena({
  onRound: (draft) => {
    draft.tick++;
  },
});
const names = def.messageNames;
const members = ['a', 'b', 'c'];
const move = (dx: number) => inputOf(names, [['move', { dx, dy: 0 }]]);

function reveal(round: number, player: string, input: Uint8Array | null): RevealedInput {
  return { epoch: 0, round, time: round * 100, roundMs: 100, k: 2, members, player, plaintext: input, input };
}

/** A replica at round 0 with a, b and c joined. */
function started(retain = 8): RoomReplica<ReturnType<typeof def.config.initialState>, unknown> {
  const r = new RoomReplica(def, { self: 'a', retainRounds: retain });
  r.apply(testRound({ round: 0, joined: members, inputs: members.map((player) => ({ player, input: null })) }));
  return r as never;
}

const decided = (round: number, inputs: Record<string, Uint8Array | null>) =>
  testRound({ round, inputs: members.map((player) => ({ player, input: inputs[player] ?? null })) });

describe('speculative view', () => {
  it('shows a revealed input before its round is decided, then equals the decided state', () => {
    const r = started();
    expect(r.speculativeState).toBe(r.state);
    r.reveal(reveal(1, 'b', move(3)));
    expect(r.speculativeRound).toBe(1);
    expect(r.speculativeState.players.b!.x).toBe(3);
    expect(r.state.players.b!.x).toBe(0);
    const shown = r.speculativeState;
    r.apply(decided(1, { b: move(3) }));
    expect(r.state).toEqual(shown);
    expect(r.speculativeState).toBe(r.state);
    expect(r.speculation).toMatchObject({ confirmed: 1, mispredicted: 0 });
  });

  it('rolls back an input the decision did not accept, and counts it', () => {
    const r = started();
    r.reveal(reveal(1, 'b', move(3)));
    r.reveal(reveal(1, 'c', move(2)));
    expect(r.speculativeState.players.b!.x).toBe(3);
    r.apply(decided(1, { c: move(2) }));
    expect(r.speculativeState.players.b!.x).toBe(0);
    expect(r.speculativeState.players.c!.x).toBe(2);
    expect(r.speculation).toMatchObject({ confirmed: 1, mispredicted: 1 });
  });

  it("runs the rounds after the decided one with what is known, placing rounds from the reveals' schedule", () => {
    const seen: number[] = [];
    const r = new RoomReplica(
      defineArena({
        onRound: (draft, ctx) => {
          draft.tick++;
          draft.log.push(`${ctx.round}@${ctx.time}`);
          seen.push(ctx.rng.int(1000));
        },
      }),
      { self: 'a' },
    );
    r.apply(testRound({ round: 0, joined: members, inputs: members.map((player) => ({ player, input: null })) }));
    r.reveal(reveal(3, 'c', move(1)));
    r.enqueue('move', { dx: 2, dy: 0 });
    expect(r.takeInput(4)).not.toBeNull();
    const s = r.speculativeState;
    expect(r.speculativeRound).toBe(4);
    expect(s.log.slice(-4)).toEqual(['1@100', '2@200', '3@300', '4@400']);
    expect(s.players.c!.x).toBe(1);
    // Our own input is shown as soon as it is taken for its round.
    expect(s.players.a!.x).toBe(2);
    expect(s.tick).toBe(r.state.tick + 4);
    expect(provisionalSeed(4)).toHaveLength(32);
  });

  it('re-runs lazily: nothing until read, then only from the first changed round', () => {
    const r = started();
    r.reveal(reveal(1, 'b', move(1)));
    r.reveal(reveal(2, 'b', move(1)));
    r.reveal(reveal(3, 'b', move(1)));
    expect(r.speculation.rerun).toBe(0);
    expect(r.speculativeState.players.b!.x).toBe(3);
    expect(r.speculation.rerun).toBe(3);
    void r.speculativeState;
    expect(r.speculation.rerun).toBe(3);
    r.reveal(reveal(3, 'c', move(4)));
    expect(r.speculativeState.players.c!.x).toBe(4);
    expect(r.speculation.rerun).toBe(4);
    // The same (round, member) twice: the first is kept, nothing changes.
    r.reveal(reveal(3, 'c', move(5)));
    expect(r.speculativeState.players.c!.x).toBe(4);
    expect(r.speculation.rerun).toBe(4);
  });

  it('is bounded by the window when far behind: later reveals are ignored, work stays small', () => {
    const r = started(8);
    for (let q = 1; q <= 200; q++) r.reveal(reveal(q, 'b', move(1)));
    expect(r.speculativeRound).toBe(8);
    expect(r.speculativeState.players.b!.x).toBe(8);
    expect(r.speculation.rerun).toBe(8);
    expect(r.speculation.ignored).toBe(192);
    // Reveals of rounds already applied are ignored too.
    r.reveal(reveal(0, 'c', move(1)));
    expect(r.speculation.ignored).toBe(193);
  });

  it('ignores reveals of players outside the round, and forgets what a restore passed', () => {
    const r = started();
    r.reveal(reveal(1, 'z', move(1)));
    expect(r.speculativeState).toBe(r.state);
    r.reveal(reveal(2, 'b', move(1)));
    r.reveal(reveal(7, 'c', move(1)));
    const other = started();
    for (let q = 1; q <= 5; q++) other.apply(decided(q, {}));
    expect(r.restore(other.snapshot(), 5).ok).toBe(true);
    expect(r.speculativeRound).toBe(7);
    expect(r.speculativeState.players.b!.x).toBe(0);
    expect(r.speculativeState.players.c!.x).toBe(1);
  });

  it('tells the handle, whose listeners are isolated', () => {
    const r = started();
    const room = new RoomHandle(r, new FakeRoomConnection());
    const xs: number[] = [];
    const errors: string[] = [];
    room.onError((e) => errors.push(e.code));
    room.onSpeculativeChange(() => {
      throw new Error('boom');
    });
    room.onSpeculativeChange(() => xs.push(room.speculativeState.players.b!.x));
    r.reveal(reveal(1, 'b', move(2)));
    r.apply(decided(1, {}));
    expect(xs).toEqual([2, 0]);
    expect(errors).toEqual([RoomErrorCode.ListenerThrew, RoomErrorCode.ListenerThrew]);
    expect(room.speculativeRound).toBe(1);
    expect(room.speculationStats()).toMatchObject({ mispredicted: 1, rerun: 1, revealed: 1 });
    room.dispose();
    r.reveal(reveal(2, 'b', move(2)));
    expect(xs).toHaveLength(2);
    // A second reveal of the same (round, member) is not taken again.
    r.reveal(reveal(2, 'b', move(1)));
    expect(r.speculation.revealed).toBe(2);
  });
});
