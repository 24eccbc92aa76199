/** Small helpers of the game link's joins: option picking and error wrapping. */
import { P2PJoinError, P2PJoinErrorCode } from './errors';

/** The keys of `o` among `keys` whose value is set. */
export function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A bad option found by the session or the zone (`SessionOptionError`, `ZoneOptionError`): thrown on to the caller. */
export function isOptionError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === 'bad-option' || code === 'bad-options';
}

/** An unexpected failure while `what`, as a join error. */
export function internal(what: string, error: unknown): P2PJoinError {
  const detail = error instanceof Error ? error.message : String(error);
  return new P2PJoinError(P2PJoinErrorCode.Internal, 'plugin', `Failed while ${what}: ${detail}`, { cause: error });
}
