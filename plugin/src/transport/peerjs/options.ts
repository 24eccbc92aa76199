import type { Clock } from '../../clock';
import { type PeerId, TransportError, TransportErrorCode } from '../transport';
import type { PeerJsConstructor, PeerJsDataConnection } from './peerjs-types';

/** Options of `PeerJsTransport.create`. */
export interface PeerJsTransportOptions {
  /** This peer's id on the signalling server (PeerJS ids: letters, digits, inner `-`, `_`, space). */
  id: PeerId;
  /** Signalling server host, port and path (PeerServer's `path`, default `/`). */
  host: string;
  port: number;
  path?: string;
  /** `wss`/`https` instead of `ws`/`http` (PeerJS's default follows `location.protocol`). */
  secure?: boolean;
  /** PeerServer key (default `peerjs`). */
  key?: string;
  /** ICE servers etc. Default: PeerJS's (public STUN + PeerJS TURN). Pass `{ iceServers: [] }` on a LAN. */
  config?: RTCConfiguration;
  /** The PeerJS `Peer` constructor; loaded with `import('peerjs')` when absent. */
  peerModule?: PeerJsConstructor;
  /** Timers for timeouts (default: the system clock). */
  clock?: Clock;
  /** Default timeout of `connect` and of the signalling registration (default 15 s). */
  connectTimeoutMs?: number;
  /** Largest payload (default 1 MiB). Both ends should agree: larger frames are a protocol error. */
  maxMessageBytes?: number;
  /** Data channel frame size (default 16 KiB). */
  frameBytes?: number;
  /** Aborts the registration. */
  signal?: AbortSignal;
  /** PeerJS log level, 0 (default) to 3. */
  debug?: number;
}

/** Detaches our handlers and closes a connection. */
export function discardConn(conn: PeerJsDataConnection): void {
  conn.removeAllListeners();
  conn.close();
}

/** A data channel payload as bytes (PeerJS `raw` gives ArrayBuffer). */
export function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

export function closedError(peer: PeerId, message = 'transport is closed'): TransportError {
  return new TransportError(TransportErrorCode.Closed, message, { peer });
}

export function timeoutError(peer: PeerId, ms: number): TransportError {
  return new TransportError(TransportErrorCode.Timeout, `link to ${peer} did not open within ${ms} ms`, { peer });
}
