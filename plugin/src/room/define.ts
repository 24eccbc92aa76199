import type { Draft } from 'immer';
import type { PeerId } from '../transport/transport';
import type { Schema } from '../wire/schema';
import { RoomOptionError } from './errors';
import {
  badOption,
  functionOption,
  MAX_MESSAGE_TYPES,
  NAME_PATTERN,
  rejectUnknownKeys,
  resolveLimits,
} from './options';
import type { ErasedMessage, MessageDef, RoomConfig, RoomDefinition, RoundContext } from './types';

/**
 * Declares one message type outside a `defineRoom` call, e.g. in its own file. Annotate the
 * draft so the state type is known: `message(schema, (draft: Draft<MyState>, player, p) => ...)`.
 * Inside `defineRoom`, a plain `{ schema, handler }` object infers everything by itself.
 */
export function message<S, P>(
  schema: Schema<P>,
  handler: (draft: Draft<S>, player: PeerId, payload: P, ctx: RoundContext) => void,
  options: { readonly resend?: boolean } = {},
): MessageDef<S, P> {
  return options.resend === undefined ? { schema, handler } : { schema, handler, resend: options.resend };
}

function isSchema(v: unknown): v is Schema<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { check?: unknown }).check === 'function';
}

function checkMessages(value: unknown): Map<string, ErasedMessage> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    badOption('messages', 'an object of message types', value);
  }
  const names = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length > MAX_MESSAGE_TYPES)
    badOption('messages', `at most ${MAX_MESSAGE_TYPES} message types`, names.length);
  const out = new Map<string, ErasedMessage>();
  for (const [code, name] of names.entries()) {
    const option = `messages.${name}`;
    if (!NAME_PATTERN.test(name)) {
      throw new RoomOptionError(
        option,
        `room option \`${option}\`: message names must be 1..64 characters of [A-Za-z0-9_.:-]`,
      );
    }
    const def: unknown = (value as Record<string, unknown>)[name];
    if (typeof def !== 'object' || def === null) badOption(option, '{ schema, handler }', def);
    const { schema, handler, resend } = def as { schema?: unknown; handler?: unknown; resend?: unknown };
    if (!isSchema(schema)) badOption(`${option}.schema`, 'a schema built with s.*', schema);
    if (schema.optional) badOption(`${option}.schema`, 'a required schema (not s.optional)', 'an optional schema');
    if (typeof handler !== 'function') badOption(`${option}.handler`, 'a function', handler);
    if (resend !== undefined && typeof resend !== 'boolean') badOption(`${option}.resend`, 'a boolean', resend);
    out.set(name, { name, code, schema, handler: handler as ErasedMessage['handler'], resend: resend === true });
  }
  return out;
}

/**
 * Defines a room type: its state, messages and hooks. Everything is validated here; a bad
 * option throws a {@link RoomOptionError} naming it. The definition is immutable and shared by
 * every room instance of that type.
 *
 * @example
 * const arena = defineRoom({
 *   name: 'arena',
 *   initialState: () => ({ players: {} as Record<string, { x: number; y: number }> }),
 *   messages: {
 *     move: { schema: s.object({ dx: s.int({ min: -1, max: 1 }) }), handler: (draft, player, p) => {
 *       const me = draft.players[player];
 *       if (me) me.x += p.dx;
 *     } },
 *   },
 *   onJoin: (draft, player) => { draft.players[player] = { x: 0, y: 0 }; },
 *   onLeave: (draft, player) => { delete draft.players[player]; },
 * });
 */
export function defineRoom<S extends object, M>(config: RoomConfig<S, M>): RoomDefinition<S, M> {
  if (typeof config !== 'object' || config === null) badOption('config', 'an object', config);
  rejectUnknownKeys(config);
  const { name } = config as { name: unknown };
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    badOption('name', 'a string of 1..64 characters of [A-Za-z0-9_.:-]', name);
  }
  if (typeof config.initialState !== 'function')
    badOption('initialState', 'a function returning the state', config.initialState);
  functionOption('onJoin', config.onJoin);
  functionOption('onLeave', config.onLeave);
  functionOption('onRound', config.onRound);
  if (config.stateSchema !== undefined && !isSchema(config.stateSchema)) {
    badOption('stateSchema', 'a schema built with s.*', config.stateSchema);
  }
  const limits = resolveLimits(config);
  const messages = checkMessages(config.messages);
  return Object.freeze({
    name,
    limits,
    messageNames: Object.freeze([...messages.keys()]) as readonly (keyof M & string)[],
    // A shallow copy: changing the caller's object later cannot change the hooks peers run.
    config: Object.freeze({ ...config }),
    messages,
  });
}
