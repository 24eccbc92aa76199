/**
 * Everything the game takes from the plugin, in one place, through the plugin's public entry
 * only (the sample game proves the public API is enough).
 */
export {
  AuthErrorCode,
  AuthorityClient,
  type Clock,
  createEd25519,
  createSigner,
  type Ed25519,
  err,
  generateKeyRing,
  type KeyRing,
  ok,
  PEERJS_PATH,
  type PeerCounters,
  PeerDirectory,
  type PeerId,
  PeerJsTransport,
  type PlayerCredentials,
  parseKeyRing,
  type Result,
  SystemClock,
  serializeKeyRing,
  sleep,
  type TimerHandle,
  type Transport,
  type TransportError,
  type WireCounters,
} from 'phaser-p2p-mmo';
