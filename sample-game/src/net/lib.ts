/**
 * Everything the game takes from the plugin, in one place. The plugin's root entry
 * (`phaser-p2p-mmo`) does not export these yet, so they are imported from the plugin's modules;
 * when it does, only this file changes.
 */
export { AuthErrorCode, AuthorityClient, PEERJS_PATH, type PlayerCredentials } from '../../../plugin/src/auth';
export { type Clock, SystemClock, sleep, type TimerHandle } from '../../../plugin/src/clock';
export {
  createEd25519,
  createSigner,
  type Ed25519,
  generateKeyRing,
  type KeyRing,
  parseKeyRing,
  serializeKeyRing,
} from '../../../plugin/src/crypto';
export { type PeerCounters, PeerDirectory } from '../../../plugin/src/peers';
export { PeerJsTransport } from '../../../plugin/src/transport/peerjs/peerjs-transport';
export type { PeerId, Transport, TransportError } from '../../../plugin/src/transport/transport';
export { err, ok, type Result } from '../../../plugin/src/util/result';
export type { WireCounters } from '../../../plugin/src/wire';
