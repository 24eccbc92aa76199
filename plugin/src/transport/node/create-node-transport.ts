import type { Result } from '../../util/result';
import type { PeerJsTransportOptions } from '../peerjs/options';
import { PeerJsTransport } from '../peerjs/peerjs-transport';
import { loadPeerJs } from '../peerjs/peerjs-types';
import type { TransportError } from '../transport';
import { installNodeWebRtcGlobals } from './globals';

/** Options of {@link createNodePeerJsTransport}: those of `PeerJsTransport.create` minus `peerModule`. */
export type NodePeerJsTransportOptions = Omit<PeerJsTransportOptions, 'peerModule'>;

/**
 * A PeerJS transport in Node (authority server, bots, tests): installs the WebRTC globals, loads
 * PeerJS's CommonJS bundle (`default.Peer`) and registers on the signalling server, with
 * `secure: false` unless told otherwise.
 */
export async function createNodePeerJsTransport(
  options: NodePeerJsTransportOptions,
): Promise<Result<PeerJsTransport, TransportError>> {
  installNodeWebRtcGlobals();
  const peerModule = await loadPeerJs();
  return PeerJsTransport.create({ ...options, secure: options.secure ?? false, peerModule });
}
