/**
 * The README's integration example, byte for byte between the markers (`readme.test.ts` checks
 * that the README shows exactly these lines, and the browser test `e2e/tests/readme.spec.ts`
 * plays two copies of this page together). Served at `/readme/`.
 */
import * as Phaser from 'phaser';
// --- readme start ---
import { defineRoom, s } from 'phaser-p2p-mmo';
import { P2P_PLUGIN_KEY, P2P_SCENE_MAPPING, P2PPlugin } from 'phaser-p2p-mmo/phaser';

const Dots = defineRoom({
  name: 'dots',
  initialState: () => ({ dots: {} as Record<string, { x: number; y: number }> }),
  onJoin: (state, id) => {
    state.dots[id] = { x: 400, y: 300 };
  },
  messages: {
    to: {
      schema: s.object({ x: s.float(), y: s.float() }),
      handler: (state, id, to) => {
        state.dots[id] = to;
      },
    },
  },
});

class Play extends Phaser.Scene {
  async create() {
    const name = new URLSearchParams(location.search).get('name') ?? 'ada';
    await this.p2p.join({ name, zone: { name: 'field', bounds: { x: 0, y: 0, width: 800, height: 600 } }, room: Dots });
    this.p2p.entities.bind({
      path: ['dots'],
      fields: ['x', 'y'],
      create: (_id, d) => this.add.circle(d.x, d.y, 8, 0xffcc00),
    });
    this.p2p.input.sample('to', () => ({ x: this.input.activePointer.worldX, y: this.input.activePointer.worldY }), {
      every: 'change',
    });
  }
}

new Phaser.Game({
  scene: Play,
  plugins: { scene: [{ key: P2P_PLUGIN_KEY, plugin: P2PPlugin, mapping: P2P_SCENE_MAPPING }] },
});
// --- readme end ---
