/** The key the plugin is registered under in Phaser's plugin manager. */
export const P2P_PLUGIN_KEY = 'P2PPlugin';
/** The scene property the plugin is mapped to: `this.p2p`. */
export const P2P_SCENE_MAPPING = 'p2p';
