/**
 * The transport seam: moving bytes between peers.
 *
 * - {@link Transport} is the contract every protocol module (NEO, DHT, rooms) codes against:
 *   send bytes to a peer id, receive bytes, connect/disconnect, errors as values
 *   ({@link TransportError} with a {@link TransportErrorCode}).
 * - {@link PeerJsTransport} implements it over WebRTC data channels through PeerJS, in browsers
 *   and (through the package's `./node` entry, `createNodePeerJsTransport`) in Node.
 * - {@link SimNetwork} implements it in memory on a virtual clock, deterministic from a seed, with
 *   latency, jitter, loss, partitions, crashes and restarts, for tests and world-scale simulations.
 *
 * Both pass the same conformance suite (`conformance.ts`). The contract and the simulation model
 * are specified in `plugin/spec/transport.md`.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const net = new SimNetwork({ clock, seed: 1, latency: logNormalLatency({ seed: 1 }), jitterMs: 5 });
 * const a = net.createPeer('a');
 * const b = net.createPeer('b');
 * b.on('message', (from, bytes) => console.log(from, bytes));
 * const linked = a.connect('b');
 * clock.advance(1000);
 * if ((await linked).ok) a.send('b', new Uint8Array([1, 2, 3]));
 * ```
 * @module
 */

export type { PeerJsTransportOptions } from './peerjs/options';
export { PeerJsTransport } from './peerjs/peerjs-transport';
export {
  loadPeerJs,
  type PeerJsConstructor,
  type PeerJsDataConnection,
  type PeerJsError,
  type PeerJsOptions,
  type PeerJsPeer,
} from './peerjs/peerjs-types';
export {
  constantLatency,
  type LatencyModel,
  type LogNormalLatencyOptions,
  logNormalLatency,
} from './sim/latency';
export { SimNetwork } from './sim/sim-network';
export type { SimNetworkOptions, SimNetworkStats } from './sim/sim-options';
export { SimTransport } from './sim/sim-transport';
export {
  type ConnectOptions,
  type PeerId,
  type Transport,
  TransportError,
  TransportErrorCode,
  type TransportEvents,
  type TransportStats,
} from './transport';
