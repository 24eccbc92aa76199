/**
 * Errors as values: protocol code returns a `Result` instead of throwing, so a bad message or a
 * failed connection can never unwind into the game loop.
 */
export type Result<T, E> = Ok<T> | Err<E>;

/** The success arm of a {@link Result}. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** The failure arm of a {@link Result}. */
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps an error as a failed {@link Result}. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
