import { P2PError } from '../util/errors';

/** Why a NEO group operation failed. */
export const NeoErrorCode = {
  /** An option is missing or out of range; `option` names it. */
  BadConfig: 'bad-config',
  /** The group was stopped (or its signal aborted). */
  Stopped: 'stopped',
  /** Signing our round message failed; the round is sent without us. */
  SignFailed: 'sign-failed',
  /** The replicated state threw or refused a snapshot. */
  StateFailed: 'state-failed',
  /** The local input is larger than `maxInputBytes`; it was dropped. */
  InputTooLarge: 'input-too-large',
  /** No member answered our join request in time. */
  JoinFailed: 'join-failed',
  /** Our state disagreed with the majority and could not be repaired from the retained window. */
  ResyncFailed: 'resync-failed',
} as const;
/** One of {@link NeoErrorCode}'s values. */
export type NeoErrorCode = (typeof NeoErrorCode)[keyof typeof NeoErrorCode];

/** An error of the NEO round protocol. */
export class NeoError extends P2PError<NeoErrorCode> {}

/** A rejected option of `createNeoGroup`: `option` is its name, e.g. `config.roundMs`. */
export class NeoConfigError extends NeoError {
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(NeoErrorCode.BadConfig, `${option}: ${message}`, options);
    this.option = option;
  }
}
