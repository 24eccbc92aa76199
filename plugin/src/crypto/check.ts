import { CryptoError, CryptoErrorCode } from './errors';

/**
 * Throws a `bad-length` {@link CryptoError} unless `bytes` is a Uint8Array of `length` bytes.
 * Used for caller mistakes (a key of the wrong size is a bug, not network input).
 */
export function requireLength(what: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    const got = bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof bytes;
    throw new CryptoError(CryptoErrorCode.BadLength, `${what} must be ${length} bytes, got ${got}`);
  }
}

/** Whether `bytes` is a Uint8Array of exactly `length` bytes. */
export function hasLength(bytes: unknown, length: number): bytes is Uint8Array {
  return bytes instanceof Uint8Array && bytes.length === length;
}
