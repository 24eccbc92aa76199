import { err, ok, type Result } from '../util/result';
import { AuthError, AuthErrorCode } from './errors';

/** Shortest allowed player name. */
export const MIN_NAME_LENGTH = 3;
/** Longest allowed player name. */
export const MAX_NAME_LENGTH = 20;

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Whether `name` follows the naming rules (see {@link validateName}). */
export function isValidName(name: unknown): name is string {
  return (
    typeof name === 'string' && name.length >= MIN_NAME_LENGTH && name.length <= MAX_NAME_LENGTH && NAME.test(name)
  );
}

/**
 * Player names: 3..20 ASCII letters, digits, `_` and `-`, starting with a letter. Uniqueness is
 * case-insensitive (see {@link nameKey}); the name keeps the case the player chose.
 */
export function validateName(name: unknown): Result<string, AuthError> {
  if (typeof name !== 'string') return err(new AuthError(AuthErrorCode.InvalidName, 'name must be a string'));
  if (name.length < MIN_NAME_LENGTH || name.length > MAX_NAME_LENGTH) {
    return err(
      new AuthError(AuthErrorCode.InvalidName, `name must be ${MIN_NAME_LENGTH} to ${MAX_NAME_LENGTH} characters`),
    );
  }
  if (!NAME.test(name)) {
    return err(
      new AuthError(
        AuthErrorCode.InvalidName,
        'name must start with a letter and contain only letters, digits, "_" and "-"',
      ),
    );
  }
  return ok(name);
}

/** The key names are unique under (ASCII lower case). */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
