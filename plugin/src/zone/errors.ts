import { P2PError } from '../util/errors';

/** Why {@link joinZone} failed. */
export const ZoneErrorCode = {
  /** The caller's signal fired. */
  Aborted: 'aborted',
  /** The local player is banned. */
  Banned: 'banned',
  /** Neither joining the zone's group nor founding one worked. */
  JoinFailed: 'join-failed',
  /** An option is invalid; the message names it. */
  BadOptions: 'bad-options',
} as const;
/** One of {@link ZoneErrorCode}'s values. */
export type ZoneErrorCode = (typeof ZoneErrorCode)[keyof typeof ZoneErrorCode];

/** An error of the zone layer. */
export class ZoneError extends P2PError<ZoneErrorCode> {}

/** A bad option of {@link joinZone}; `option` names it (e.g. `zone.bounds.width`). */
export class ZoneOptionError extends ZoneError {
  readonly option: string;

  constructor(option: string, problem: string, options?: { cause?: unknown }) {
    super(ZoneErrorCode.BadOptions, `zone option \`${option}\`: ${problem}`, options);
    this.option = option;
  }
}
