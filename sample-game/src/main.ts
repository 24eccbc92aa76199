/**
 * The sample game's entry: Phaser with the peer-to-peer scene plugin registered the way its
 * README shows, and the scenes boot -> join -> world (-> error). Test builds also get
 * `window.__game` (the plugin publishes `window.__p2p` when joined with `debug: true`).
 */
import * as Phaser from 'phaser';
import { P2P_PLUGIN_KEY, P2P_SCENE_MAPPING, P2PPlugin } from 'phaser-p2p-mmo/phaser';
import { BootScene } from './scenes/boot-scene';
import { ErrorScene } from './scenes/error-scene';
import { JoinScene } from './scenes/join-scene';
import { installTestDriver } from './scenes/test-driver';
import { WorldScene } from './scenes/world-scene';

/** The view's width in pixels (scaled to fit the window). */
export const WIDTH = 960;
/** The view's height in pixels. */
export const HEIGHT = 640;

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: 'game',
  width: WIDTH,
  height: HEIGHT,
  pixelArt: true,
  backgroundColor: '#14121c',
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  banner: false,
  plugins: { scene: [{ key: P2P_PLUGIN_KEY, plugin: P2PPlugin, mapping: P2P_SCENE_MAPPING }] },
  scene: [BootScene, JoinScene, WorldScene, ErrorScene],
});

if (__P2P_DEBUG__) installTestDriver(game);

// Closing the tab needs nothing here: the plugin closes the player's links on `pagehide`.
