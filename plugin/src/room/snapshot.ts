import { freeze } from 'immer';
import { hash32 } from '../crypto/hash';
import { err, ok, type Result } from '../util/result';
import { decodeValue, encodeCanonical, encodeValue, type WireValue } from '../wire/codec';
import type { WireLimits } from '../wire/limits';
import type { Schema } from '../wire/schema';
import { validate } from '../wire/schema';
import { RoomError, RoomErrorCode } from './errors';
import { clonePlain, formatPath, MAX_STATE_DEPTH } from './plain';

/** Version of the snapshot layout. */
export const SNAPSHOT_VERSION = 1;

/** Decoder limits for snapshots: far above per-message limits, still bounded. */
export const DEFAULT_SNAPSHOT_LIMITS: WireLimits = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxStrLength: 1024 * 1024,
  maxBinLength: 4 * 1024 * 1024,
  maxArrayLength: 1024 * 1024,
  maxMapLength: 1024 * 1024,
  maxDepth: MAX_STATE_DEPTH + 1,
});

/** The state hash: `hash32(encodeCanonical(state))` (map keys sorted, so key order never matters). */
export function hashState(state: unknown): Uint8Array {
  return hash32(encodeCanonical(state as WireValue));
}

/**
 * Snapshot bytes: the msgpack map `{ v: 1, room, round, state }`. The state keeps its own key
 * order (not sorted) so that a restored state enumerates its keys exactly like the state of
 * the peers it came from; two honest peers with the same history produce the same bytes.
 */
export function encodeSnapshot(room: string, round: number, state: unknown): Uint8Array {
  return encodeValue({ v: SNAPSHOT_VERSION, room, round, state: state as WireValue });
}

function bad(message: string, cause?: unknown): Result<never, RoomError> {
  return err(new RoomError(RoomErrorCode.BadSnapshot, `snapshot rejected: ${message}`, { cause }));
}

/** What a snapshot must match to be restored. */
export interface SnapshotExpectation {
  readonly room: string;
  readonly round: number;
  readonly limits: WireLimits;
  readonly stateSchema?: Schema<unknown> | undefined;
}

/**
 * Decodes and checks a snapshot: the layout, version, room name and round, plain data all the
 * way down, and the optional state schema. Returns a deeply frozen state that shares no bytes
 * with the input buffer. Never throws.
 */
export function decodeSnapshot(bytes: Uint8Array, expect: SnapshotExpectation): Result<unknown, RoomError> {
  const decoded = decodeValue(bytes, expect.limits);
  if (!decoded.ok) return bad(decoded.error.message, decoded.error);
  const v = decoded.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
    return bad('not a map');
  }
  const keys = Object.keys(v).sort().join(',');
  if (keys !== 'room,round,state,v') return bad(`expected the fields room, round, state, v; got ${keys}`);
  const { v: version, room, round, state } = v as Record<string, unknown>;
  if (version !== SNAPSHOT_VERSION) return bad(`unknown version ${String(version)}`);
  if (room !== expect.room) return bad(`it is for room ${JSON.stringify(room)}, not ${JSON.stringify(expect.room)}`);
  if (round !== expect.round) return bad(`it was taken after round ${String(round)}, not ${expect.round}`);
  if (typeof state !== 'object' || state === null || state instanceof Uint8Array) {
    return bad('the state is not an object or an array');
  }
  const copy = clonePlain(state);
  if ('issue' in copy) return bad(`${formatPath('state', copy.issue.path)}: ${copy.issue.message}`);
  if (expect.stateSchema !== undefined) {
    const checked = validate(expect.stateSchema, copy.value, 'state');
    if (!checked.ok) return bad(checked.error.message, checked.error);
  }
  return ok(freeze(copy.value, true));
}
