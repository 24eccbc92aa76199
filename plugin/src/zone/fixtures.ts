import { defineRoom } from '../room/define';
import { s } from '../wire/schema';
import type { ZoneDef } from './types';

/** A zone for tests: 1024 x 1024, so four 512-unit area cells. */
export const TEST_ZONE: ZoneDef = { name: 'meadow', bounds: { x: 0, y: 0, width: 1024, height: 1024 } };

/** A tiny game room for tests: players appear on join, move by messages, vanish on leave. */
export const TestRoom = defineRoom({
  name: 'test-room',
  initialState: () => ({ players: {} as Record<string, { x: number; y: number }>, ticks: 0 }),
  messages: {
    move: {
      schema: s.object({ dx: s.int({ min: -8, max: 8 }), dy: s.int({ min: -8, max: 8 }) }),
      handler: (d, player, p) => {
        const me = d.players[player];
        if (me === undefined) return;
        me.x += p.dx;
        me.y += p.dy;
      },
    },
  },
  onJoin: (d, player) => {
    d.players[player] = { x: 0, y: 0 };
  },
  onLeave: (d, player) => {
    delete d.players[player];
  },
  onRound: (d) => {
    d.ticks++;
  },
});
