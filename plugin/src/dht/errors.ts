import { P2PError } from '../util/errors';

/** Why a DHT operation failed. Every failure is returned as a value, never thrown. */
export const DhtErrorCode = {
  /** The request got no answer within `rpcTimeoutMs`. */
  Timeout: 'timeout',
  /** The peer could not be reached (no link, link refused, peer unknown to signalling). */
  Unreachable: 'unreachable',
  /** The peer's link could not be authenticated (handshake refused or timed out). */
  Unauthenticated: 'unauthenticated',
  /** The caller's AbortSignal fired. */
  Aborted: 'aborted',
  /** The node is stopped (or was never started). */
  Stopped: 'stopped',
  /** The record failed validation (the cause names the reason). */
  InvalidRecord: 'invalid-record',
  /** A lookup ended without the value. */
  NotFound: 'not-found',
  /** No contact to start from: the routing table is empty and no bootstrap peer answered. */
  NoPeers: 'no-peers',
  /** A STORE reached none of the k closest nodes. */
  NotStored: 'not-stored',
  /** The message could not be encoded (a local bug or an oversized record). */
  Encoding: 'encoding',
} as const;
/** One of {@link DhtErrorCode}'s values. */
export type DhtErrorCode = (typeof DhtErrorCode)[keyof typeof DhtErrorCode];

/** An error of the DHT; `peer` names the remote end when there is one. */
export class DhtError extends P2PError<DhtErrorCode> {
  readonly peer: string | undefined;

  constructor(code: DhtErrorCode, message: string, options?: { peer?: string; cause?: unknown }) {
    super(code, message, options);
    this.peer = options?.peer;
  }
}
