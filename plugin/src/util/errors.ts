/**
 * Base class of every error the library produces. Each module defines its codes as an
 * `as const` object and a subclass with a narrowed `code`, so callers can switch on codes
 * without string guessing.
 */
export class P2PError<C extends string = string> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
