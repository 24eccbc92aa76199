/**
 * The package's `./node` entry: PeerJS over WebRTC in Node 20 (@roamhq/wrtc + ws), for the
 * authority server's DHT peer, bots and tests. Browsers use the main entry only; nothing here
 * may be imported by browser code.
 *
 * @example
 * ```ts
 * import { createNodePeerJsTransport } from 'phaser-p2p-mmo/node';
 * const r = await createNodePeerJsTransport({ id: 'bot1', host: '127.0.0.1', port: 9000, config: { iceServers: [] } });
 * if (!r.ok) throw r.error;
 * const transport = r.value;
 * ```
 */
export { createNodePeerJsTransport, type NodePeerJsTransportOptions } from './create-node-transport';
export { installNodeWebRtcGlobals } from './globals';
export { type LocalPeerServer, type LocalPeerServerOptions, startPeerServer } from './peer-server';
