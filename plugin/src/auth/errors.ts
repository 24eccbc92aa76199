import { P2PError } from '../util/errors';

/** Why a certificate check or a call to the authority failed. */
export const AuthErrorCode = {
  /** The signature does not verify under the authority key (forged, or another authority). */
  BadSignature: 'bad-signature',
  /** The certificate or its body is not well formed (bad msgpack, missing or mistyped field). */
  Malformed: 'malformed',
  /** The certificate body exceeds the size limit. */
  TooLarge: 'too-large',
  /** The certificate is valid but of another type than the one expected. */
  WrongType: 'wrong-type',
  /** The key certificate's expiry has passed. */
  Expired: 'expired',
  /** Two certificates that must agree do not (different ids, id not derived from the key). */
  Mismatch: 'mismatch',
  /** A player name breaks the naming rules. */
  InvalidName: 'invalid-name',
  /** The authority could not be reached (network failure, timeout, 5xx). */
  Unreachable: 'unreachable',
  /** The authority answered something this client does not understand. */
  BadResponse: 'bad-response',
  /** The authority refused the request (4xx); the message is the server's error text. */
  Rejected: 'rejected',
  /** Registration refused: another key owns this name. */
  NameTaken: 'name-taken',
  /** The player is banned. */
  Banned: 'banned',
  /** Too many requests from this address; retry later. */
  RateLimited: 'rate-limited',
  /** The caller's AbortSignal fired. */
  Aborted: 'aborted',
} as const;
/** One of {@link AuthErrorCode}'s values. */
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

/** An error from certificate checks or the authority client. */
export class AuthError extends P2PError<AuthErrorCode> {
  /** HTTP status of the authority's answer, when there was one. */
  readonly status: number | undefined;

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(code, message, options);
    this.status = options?.status;
  }
}
