import type { SessionErrorCode } from '../session';
import { P2PError } from '../util/errors';
import type { ZoneErrorCode } from '../zone';

/** Codes the plugin adds to the session's and the zone's own. */
export const P2PJoinErrorCode = {
  /** Something threw where an error value was expected (a bug): the message and `cause` say what. */
  Internal: 'internal',
  /** The game was destroyed (or the plugin closed) while joining. */
  Closed: 'closed',
} as const;
/** One of {@link P2PJoinErrorCode}'s values. */
export type P2PJoinErrorCode = (typeof P2PJoinErrorCode)[keyof typeof P2PJoinErrorCode];

/** Every code a failed `this.p2p.join()` / `switchZone()` can carry. */
export type JoinErrorCode = SessionErrorCode | ZoneErrorCode | P2PJoinErrorCode;

/** Which part of joining failed: opening the player's session, or entering the zone's group. */
export type JoinFailure = 'session' | 'zone' | 'plugin';

/**
 * Why `this.p2p.join()` or `switchZone()` failed. `code` is the session's or the zone's code
 * (`authority-unreachable`, `banned`, `name-taken`, `webrtc-unavailable`, `join-failed` ...),
 * `message` is written for a player, `failed` says which part failed and `cause` holds the
 * original error.
 */
export class P2PJoinError extends P2PError<JoinErrorCode> {
  readonly failed: JoinFailure;

  constructor(code: JoinErrorCode, failed: JoinFailure, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.failed = failed;
  }
}

/** A bad option given to the plugin (join options, a binding, a sampler); `option` names it. Thrown at once. */
export class P2POptionError extends P2PError<'bad-option'> {
  readonly option: string;

  constructor(option: string, message: string) {
    super('bad-option', message);
    this.option = option;
  }
}
