import { P2PError } from '../util/errors';
import type { Result } from '../util/result';

/** A peer's address on a transport: the player id (also its PeerJS id). */
export type PeerId = string;

/** Why a transport operation failed. */
export const TransportErrorCode = {
  /** The peer does not exist or cannot be reached (unknown id, signalling says unavailable). */
  PeerUnavailable: 'peer-unavailable',
  /** `send` to a peer without an open link. */
  NotConnected: 'not-connected',
  /** The payload exceeds `maxMessageBytes`. */
  TooLarge: 'too-large',
  /** The operation did not finish in time. */
  Timeout: 'timeout',
  /** The caller's `AbortSignal` fired. */
  Aborted: 'aborted',
  /** The transport itself was closed. */
  Closed: 'closed',
  /** The signalling server or the network failed. */
  Network: 'network',
} as const;
/** One of {@link TransportErrorCode}'s values. */
export type TransportErrorCode = (typeof TransportErrorCode)[keyof typeof TransportErrorCode];

/** An error from a {@link Transport}; `peer` names the remote end when there is one. */
export class TransportError extends P2PError<TransportErrorCode> {
  readonly peer: PeerId | undefined;

  constructor(code: TransportErrorCode, message: string, options?: { peer?: PeerId; cause?: unknown }) {
    super(code, message, options);
    this.peer = options?.peer;
  }
}

/** Events a transport emits. Handlers must not throw; a throwing handler is isolated. */
export interface TransportEvents {
  /** Bytes arrived from `from` over an open link. */
  message: (from: PeerId, data: Uint8Array) => void;
  /** A link to `peer` became usable, whichever side opened it. */
  open: (peer: PeerId) => void;
  /** The link to `peer` closed: remote close, loss of the peer, or local `disconnect`. */
  close: (peer: PeerId) => void;
  /** A failure not tied to a call's own result (for example a link that broke). */
  error: (error: TransportError) => void;
}

/** Byte and message counters since the transport started. */
export interface TransportStats {
  bytesSent: number;
  bytesReceived: number;
  messagesSent: number;
  messagesReceived: number;
  /** Sends refused with an error (not connected, too large, closed). */
  sendErrors: number;
}

/** Options for {@link Transport.connect}. */
export interface ConnectOptions {
  signal?: AbortSignal;
  /** Gives up with `timeout` after this many ms (default set by the implementation). */
  timeoutMs?: number;
}

/**
 * Moves bytes between peers. Implementations: `SimNetwork` peers (in memory, virtual time) and
 * the PeerJS transport (WebRTC data channels, browser and Node). Delivery is reliable and
 * ordered per link while the link is open; nothing is promised across a close.
 */
export interface Transport {
  /** This peer's id. */
  readonly id: PeerId;
  /** Largest payload `send` accepts. */
  readonly maxMessageBytes: number;
  /** Opens a link to `peer` (resolves at once when already open). */
  connect(peer: PeerId, options?: ConnectOptions): Promise<Result<void, TransportError>>;
  /** Whether a link to `peer` is open. */
  isConnected(peer: PeerId): boolean;
  /** Peers with an open link. */
  connectedPeers(): PeerId[];
  /** Queues `data` on the open link to `peer`. Errors are returned, never thrown. */
  send(peer: PeerId, data: Uint8Array): Result<void, TransportError>;
  /** Closes the link to `peer`, if any; both sides see `close`. */
  disconnect(peer: PeerId): void;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof TransportEvents>(event: E, handler: TransportEvents[E]): () => void;
  /** Counters since start. */
  stats(): TransportStats;
  /** Closes every link and leaves the network. Safe to call more than once. */
  close(): Promise<void>;
}
