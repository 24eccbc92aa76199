/**
 * The narrow slice of PeerJS 1.5 this transport relies on, typed locally so the rest of the code
 * never sees `any` and tests could substitute a fake. The real `Peer` class satisfies these
 * shapes at run time; pass it as `peerModule` (cast with `as unknown as PeerJsConstructor` if the
 * compiler balks at PeerJS's EventEmitter typings).
 */

/** An error PeerJS emits: `type` is one of PeerJS's `PeerErrorType` / connection error types. */
export interface PeerJsError {
  readonly type?: string;
  readonly message: string;
}

/** Options passed to the PeerJS `Peer` constructor. */
export interface PeerJsOptions {
  host: string;
  port: number;
  path: string;
  secure: boolean;
  key?: string;
  config?: RTCConfiguration;
  /** PeerJS log level: 0 silent .. 3 everything. */
  debug: number;
}

/** A PeerJS `DataConnection` (one RTCPeerConnection with one data channel). */
export interface PeerJsDataConnection {
  readonly peer: string;
  readonly open: boolean;
  send(data: Uint8Array): unknown;
  close(): void;
  on(event: 'open' | 'close', fn: () => void): unknown;
  on(event: 'data', fn: (data: unknown) => void): unknown;
  on(event: 'error', fn: (error: PeerJsError) => void): unknown;
  removeAllListeners(): unknown;
}

/** A server message as PeerJS's internal socket emits it. */
export interface PeerJsServerMessage {
  readonly type?: unknown;
  readonly src?: unknown;
}

/** A PeerJS `Peer`. */
export interface PeerJsPeer {
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  connect(peer: string, options: { serialization: string; reliable: boolean }): PeerJsDataConnection | undefined;
  on(event: 'open' | 'disconnected', fn: () => void): unknown;
  on(event: 'connection', fn: (conn: PeerJsDataConnection) => void): unknown;
  on(event: 'error', fn: (error: PeerJsError) => void): unknown;
  off(event: 'open' | 'error', fn: (...args: never[]) => void): unknown;
  reconnect(): void;
  destroy(): void;
  /** PeerJS internal: the signalling socket (used to see EXPIRE for a precise peer-unavailable). */
  readonly socket?: { on(event: 'message', fn: (message: PeerJsServerMessage) => void): unknown };
}

/** The PeerJS `Peer` constructor. */
export type PeerJsConstructor = new (id: string, options: PeerJsOptions) => PeerJsPeer;

/**
 * Loads PeerJS's `Peer` from the `peerjs` package. Bundlers give the ES module (`Peer` export);
 * Node loads the CommonJS bundle, whose `default` is the exports object (`default.Peer`).
 * In Node the WebRTC globals must be installed before the first call (see the `./node` entry).
 */
export async function loadPeerJs(): Promise<PeerJsConstructor> {
  const mod: unknown = await import('peerjs');
  const found = pickPeer(mod);
  if (found === undefined) throw new Error('the peerjs module exports no Peer constructor');
  return found;
}

function pickPeer(mod: unknown): PeerJsConstructor | undefined {
  const candidates = [field(mod, 'Peer'), field(field(mod, 'default'), 'Peer'), field(mod, 'default')];
  return candidates.find((c): c is PeerJsConstructor => typeof c === 'function');
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
