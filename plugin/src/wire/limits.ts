/**
 * Decoder limits. Every received message is checked against these before any of it is
 * materialised, so a hostile peer cannot make us allocate or recurse without bound.
 */
export interface WireLimits {
  /** Largest accepted encoded message, in bytes. Checked first, before any parsing. */
  readonly maxBytes: number;
  /** Longest msgpack `str`, in UTF-8 bytes (map keys included). */
  readonly maxStrLength: number;
  /** Longest msgpack `bin`, in bytes. */
  readonly maxBinLength: number;
  /** Most items in one msgpack array. */
  readonly maxArrayLength: number;
  /** Most entries in one msgpack map. */
  readonly maxMapLength: number;
  /** Deepest nesting of arrays and maps; the envelope array itself is depth 1. */
  readonly maxDepth: number;
}

/** The limits used when a caller passes none. Generous for game traffic, small for an attacker. */
export const DEFAULT_WIRE_LIMITS: WireLimits = Object.freeze({
  maxBytes: 256 * 1024,
  maxStrLength: 64 * 1024,
  maxBinLength: 64 * 1024,
  maxArrayLength: 4096,
  maxMapLength: 1024,
  maxDepth: 16,
});

/** Defaults with the caller's overrides applied; returns the shared default object when there are none. */
export function resolveLimits(overrides?: Partial<WireLimits>): WireLimits {
  if (overrides === undefined) return DEFAULT_WIRE_LIMITS;
  return { ...DEFAULT_WIRE_LIMITS, ...overrides };
}
