import { expect, it } from 'vitest';
import { s } from '../wire/schema';
import { createRoom, defineRoom, FakeRoomConnection, testRound } from './index';

it('the usage example works as written', () => {
  const seen: string[] = [];
  // --- example start ---
  const arena = defineRoom({
    name: 'arena',
    initialState: () => ({ players: {} as Record<string, { x: number; hp: number }> }),
    messages: {
      move: {
        schema: s.object({ dx: s.int({ min: -1, max: 1 }) }),
        handler: (draft, player, { dx }) => {
          const me = draft.players[player];
          if (me) me.x += dx;
        },
      },
    },
    onJoin: (draft, player, ctx) => {
      draft.players[player] = { x: ctx.rng.int(100), hp: 100 };
    },
    onLeave: (draft, player) => {
      delete draft.players[player];
    },
    maxMessagesPerRound: 8,
  });
  const { replica, room } = createRoom(arena, { self: 'me', connection: new FakeRoomConnection() });
  room.onAdd(['players'], (id, p) => seen.push(`spawn ${id} at ${p.x}`));
  room.listen(['players', 'me', 'x'], (x) => seen.push(`my x ${x}`));
  room.send('move', { dx: 1 }); // checked now; applied when its round is decided
  // --- example end ---
  replica.apply(testRound({ round: 0, joined: ['me'], inputs: [{ player: 'me', input: replica.takeInput(0) }] }));
  const x = room.state.players.me?.x ?? -1;
  expect(x).toBeGreaterThanOrEqual(1);
  expect(x).toBeLessThanOrEqual(100);
  expect(seen).toEqual([`spawn me at ${x}`, `my x ${x}`]);
});
