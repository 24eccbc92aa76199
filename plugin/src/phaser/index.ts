/**
 * The `phaser-p2p-mmo/phaser` entry: the Phaser 4 scene plugin (`this.p2p` in every scene),
 * plus everything of `./public` (the Phaser-free parts the root entry also exports). This is the
 * only entry that loads Phaser at run time.
 * @module
 */

/** The scene plugin class. */
export { P2PPlugin } from './plugin';
export * from './public';
