import { freeze } from 'immer';
import { bytesEqual } from '../util/bytes';
import { encodeValue, type WireValue } from '../wire/codec';
import { RoomError, RoomErrorCode, RoomOptionError } from './errors';
import { checkPlain, formatPath } from './plain';
import type { RoomDefinition } from './types';

/** Checks the `retainRounds` count: an integer in [0, 100000]. */
export function checkRetain(count: number): number {
  if (!Number.isSafeInteger(count) || count < 0 || count > 100_000) {
    throw new RoomOptionError(
      'retainRounds',
      `room option \`retainRounds\` must be an integer between 0 and 100000, got ${count}`,
    );
  }
  return count;
}

/** Builds, checks and freezes the initial state; throws {@link RoomError} `bad-initial-state`. */
export function initialState<S extends object>(def: RoomDefinition<S, unknown>): S {
  const fail = (message: string, path?: string): never => {
    throw new RoomError(RoomErrorCode.BadInitialState, `room ${def.name}: initialState() ${message}`, { path });
  };
  const a = def.config.initialState();
  if (typeof a !== 'object' || a === null || a instanceof Uint8Array)
    fail(`returned ${a === null ? 'null' : typeof a}: the state must be an object or an array`);
  const issue = checkPlain(a);
  if (issue !== undefined) {
    const path = formatPath('state', issue.path);
    fail(`returned invalid state at ${path}: ${issue.message}`, path);
  }
  const b = def.config.initialState();
  if (b !== a && !bytesEqual(encodeValue(a as WireValue), encodeValue(b as WireValue))) {
    fail('returned different states on two calls: it must not use Math.random, Date.now or shared mutable data');
  }
  return freeze(a, true);
}
