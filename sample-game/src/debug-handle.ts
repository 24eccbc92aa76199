/**
 * The shape of `window.__p2p`, the read-only debug handle of dev and test builds. Types only, so
 * the Playwright tests can import it without pulling in browser code.
 */

/** Where the page is in its start-up. */
export type AppPhase = 'starting' | 'join-form' | 'registering' | 'connecting' | 'connected' | 'error';

/** Codes of the error screen. */
export type AppErrorCode =
  | 'authority-unreachable'
  | 'name-taken'
  | 'banned'
  | 'invalid-name'
  | 'webrtc-unavailable'
  | 'storage-unavailable'
  | 'signalling-failed'
  | 'internal';

/** A failure shown on the error screen. */
export interface AppError {
  readonly code: AppErrorCode;
  readonly message: string;
}

/** A peer this page knows of. */
export interface PeerView {
  readonly id: string;
  /** The certified name once verified, otherwise the name the bootstrap list gave (if any). */
  readonly name: string | null;
  /** Its hello was checked against the pinned authority key. */
  readonly verified: boolean;
  /** A transport link is open. */
  readonly connected: boolean;
  /** Where its certificates were first verified from: a DHT lookup or its hello. */
  readonly certSource?: 'dht' | 'hello';
  /** The certified name a DHT lookup returned (set whenever the DHT path succeeded). */
  readonly dhtName?: string;
  /** The DHT holds an authority ban of this player: its messages are ignored. */
  readonly banned?: boolean;
}

/** A note received from a peer. */
export interface NoteView {
  readonly from: string;
  readonly fromName: string;
  readonly text: string;
  /** The note's Ed25519 signature checked out against the sender's certified key. */
  readonly verified: boolean;
  /** The sender's timestamp (authority-synchronised ms). */
  readonly at: number;
}

/** `window.__p2p`: every property is a getter returning a fresh snapshot. */
export interface P2PDebugHandle {
  readonly state: AppPhase;
  readonly error: AppError | null;
  readonly playerId: string | null;
  readonly name: string | null;
  readonly peers: readonly PeerView[];
  readonly notes: readonly NoteView[];
  /** Dropped, refused and sent counts from the handshake layer and the wire decoder. */
  readonly counters: Readonly<Record<string, number>>;
  /** Uncaught errors and unhandled rejections seen by the page. */
  readonly errors: readonly string[];
}
