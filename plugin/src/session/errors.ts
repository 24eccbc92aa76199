import { AuthErrorCode } from '../auth/errors';
import { P2PError } from '../util/errors';

/** Why {@link openSession} failed; each code has a message a player can read. */
export const SessionErrorCode = {
  /** The authority did not answer (network failure, timeout, server error). */
  AuthorityUnreachable: 'authority-unreachable',
  /** The authority holds a ban certificate for this player. */
  Banned: 'banned',
  /** Another player (another key) owns the name. */
  NameTaken: 'name-taken',
  /** The authority refused the name. */
  InvalidName: 'invalid-name',
  /** Too many attempts from this address. */
  RateLimited: 'rate-limited',
  /** No WebRTC here (no `RTCPeerConnection`) and no `openTransport` was given. */
  WebRtcUnavailable: 'webrtc-unavailable',
  /** The player's transport could not open (signalling server unreachable, id still taken). */
  SignallingFailed: 'signalling-failed',
  /** The key store failed (IndexedDB blocked, quota, private mode). */
  StorageUnavailable: 'storage-unavailable',
  /** The caller's AbortSignal fired before the session was open. */
  Aborted: 'aborted',
  /** Anything else (a malformed answer, a bug): the message says what. */
  Internal: 'internal',
} as const;
/** One of {@link SessionErrorCode}'s values. */
export type SessionErrorCode = (typeof SessionErrorCode)[keyof typeof SessionErrorCode];

/** A failure of {@link openSession}; `message` is written for the player. */
export class SessionError extends P2PError<SessionErrorCode> {}

/** A bad {@link SessionOptions} value; thrown at once by `openSession`. `option` names it. */
export class SessionOptionError extends P2PError<'bad-option'> {
  readonly option: string;

  constructor(option: string, message: string) {
    super('bad-option', message);
    this.option = option;
  }
}

/** Maps an error of the authority client to a {@link SessionError} with a message for the player. */
export function sessionErrorFromAuth(
  error: { readonly code: string; readonly message: string },
  name?: string,
): SessionError {
  const make = (code: SessionErrorCode, message: string): SessionError =>
    new SessionError(code, message, { cause: error });
  switch (error.code) {
    case AuthErrorCode.Unreachable:
      return make(SessionErrorCode.AuthorityUnreachable, 'The game server cannot be reached. Try again later.');
    case AuthErrorCode.NameTaken:
      return make(SessionErrorCode.NameTaken, `The name "${name ?? ''}" is already taken by another player.`);
    case AuthErrorCode.Banned:
      return make(SessionErrorCode.Banned, `This player is banned (${error.message}).`);
    case AuthErrorCode.InvalidName:
      return make(SessionErrorCode.InvalidName, `Invalid name: ${error.message}.`);
    case AuthErrorCode.RateLimited:
      return make(SessionErrorCode.RateLimited, 'Too many attempts from this address; try again in a while.');
    case AuthErrorCode.Aborted:
      return make(SessionErrorCode.Aborted, 'Joining the game was cancelled.');
    case AuthErrorCode.BadResponse:
      return make(SessionErrorCode.Internal, `The game server gave an answer this game cannot use: ${error.message}.`);
    default:
      return make(
        SessionErrorCode.Internal,
        `The game server refused to register this player (${error.code}): ${error.message}.`,
      );
  }
}
