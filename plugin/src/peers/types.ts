import type { PlayerCredentials } from '../auth';
import type { Clock } from '../clock';
import type { Ed25519 } from '../crypto';
import type { PeerId, Transport } from '../transport/transport';
import { P2PError } from '../util/errors';
import type { WireCounters } from '../wire';

/** The local player as the handshake presents it. */
export interface LocalPlayer {
  /** The player id (also the transport id). */
  readonly id: PeerId;
  /** The key and identity certificates the authority issued. */
  readonly credentials: PlayerCredentials;
  /** Signs with the player's Ed25519 key (crypto's `Signer` fits). */
  readonly signer: { sign(message: Uint8Array): Promise<Uint8Array> };
}

/** Options of {@link PeerDirectory}. */
export interface PeerDirectoryOptions {
  readonly transport: Transport;
  /** Timestamps and timers; use the authority-synchronised clock in a real game. */
  readonly clock: Clock;
  readonly ed: Ed25519;
  /** The game id the authority announces; every signature binds it. */
  readonly gameId: string;
  /** The pinned authority public key (32 bytes). */
  readonly authorityKey: Uint8Array;
  readonly self: LocalPlayer;
  /** Largest accepted |sender's `at` - our now| for hellos and notes, in ms. Default 30 000. */
  readonly maxSkewMs?: number;
  /** A link whose peer has not passed the handshake after this many ms is closed. Default 15 000. */
  readonly handshakeTimeoutMs?: number;
  /** Close the link when a hello is refused (default true). */
  readonly disconnectOnRefusal?: boolean;
  /** Counters for decoded and dropped wire messages (default: a fresh one). */
  readonly wireCounters?: WireCounters;
  /** Stops the directory when aborted. */
  readonly signal?: AbortSignal;
}

/** A peer whose hello checked out: what its certificates say. */
export interface VerifiedPeer {
  readonly id: PeerId;
  readonly name: string;
  /** Ed25519 public key (verifies its signatures). */
  readonly sign: Uint8Array;
  /** X25519 public key (for boxes to it). */
  readonly box: Uint8Array;
  /** Expiry of its key certificate (ms). */
  readonly expires: number;
  /** Our clock when it was verified. */
  readonly verifiedAt: number;
}

/** A note whose signature checked out against its sender's certified key. */
export interface ReceivedNote {
  readonly from: PeerId;
  /** The sender's certified name. */
  readonly name: string;
  readonly text: string;
  /** The sender's timestamp. */
  readonly at: number;
  /** Our clock on arrival. */
  readonly receivedAt: number;
}

/** Why a hello was refused. */
export const HelloRefusal = {
  /** `to` is not our id: the hello was meant for someone else (replayed). */
  WrongRecipient: 'wrong-recipient',
  /** `at` is too far from our clock (replayed, or clocks too far apart). */
  Stale: 'stale',
  /** The certificates do not verify against the authority key, or disagree with each other. */
  BadCert: 'bad-cert',
  /** The key certificate has expired. */
  CertExpired: 'cert-expired',
  /** The certificates name another player than the link's peer id. */
  WrongSender: 'wrong-sender',
  /** The hello's signature does not verify under the certified signing key. */
  BadSignature: 'bad-signature',
} as const;
/** One of {@link HelloRefusal}'s values. */
export type HelloRefusal = (typeof HelloRefusal)[keyof typeof HelloRefusal];

/** Why a note was dropped. */
export const NoteDrop = {
  /** The sender has not passed the handshake on this link. */
  Unverified: 'unverified',
  /** The signature does not verify under the sender's certified key. */
  BadSignature: 'bad-signature',
  /** `at` is too far from our clock. */
  Stale: 'stale',
  /** The same signed note arrived twice. */
  Replay: 'replay',
} as const;
/** One of {@link NoteDrop}'s values. */
export type NoteDrop = (typeof NoteDrop)[keyof typeof NoteDrop];

/** Events of a {@link PeerDirectory}. Handlers must not throw; a throwing handler is isolated. */
export interface PeerDirectoryEvents {
  /** A peer passed the handshake (again, after a new hello on the same link). */
  verified: (peer: VerifiedPeer) => void;
  /** A verified peer's link closed. */
  lost: (peer: VerifiedPeer) => void;
  /** A verified note arrived. */
  note: (note: ReceivedNote) => void;
  /** A hello was refused. */
  refused: (from: PeerId, reason: HelloRefusal) => void;
  /** A note was dropped. */
  dropped: (from: PeerId, reason: NoteDrop) => void;
  /** A local failure (our own hello could not be signed or encoded). */
  error: (error: unknown) => void;
}

/** Counters of a {@link PeerDirectory} (wire decoding has its own, see `wireCounters`). */
export interface PeerCounters {
  hellosSent: number;
  hellosReceived: number;
  peersVerified: number;
  hellosRefused: number;
  handshakeTimeouts: number;
  notesSent: number;
  notesReceived: number;
  notesDropped: number;
  /** Sends the transport refused (link closed meanwhile). */
  sendErrors: number;
  /** Valid messages of types this layer does not handle (left to other layers). */
  otherMessages: number;
  readonly refusals: Record<HelloRefusal, number>;
  readonly noteDrops: Record<NoteDrop, number>;
}

/** Why {@link PeerDirectory.sendNote} failed. */
export const PeerErrorCode = {
  /** The recipient has not passed the handshake. */
  NotVerified: 'not-verified',
  /** The note does not fit the wire format (e.g. longer than 500 characters). */
  Invalid: 'invalid',
  /** The transport refused the send. */
  Transport: 'transport',
  /** The directory was stopped. */
  Stopped: 'stopped',
} as const;
/** One of {@link PeerErrorCode}'s values. */
export type PeerErrorCode = (typeof PeerErrorCode)[keyof typeof PeerErrorCode];

/** An error of {@link PeerDirectory.sendNote}. */
export class PeerError extends P2PError<PeerErrorCode> {}
