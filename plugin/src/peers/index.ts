/**
 * The peer handshake: certificates checked against the pinned authority key when a link opens,
 * then signed notes between verified peers. See `plugin/spec/peers.md`.
 */
export { type CheckContext, checkHello, checkNote } from './checks';
export { PeerDirectory } from './directory';
export { helloSigningBytes, noteSigningBytes } from './signing';
export {
  HelloRefusal,
  type LocalPlayer,
  NoteDrop,
  type PeerCounters,
  type PeerDirectoryEvents,
  type PeerDirectoryOptions,
  PeerError,
  PeerErrorCode,
  type ReceivedNote,
  type VerifiedPeer,
} from './types';
