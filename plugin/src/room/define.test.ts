import type { Draft } from 'immer';
import { describe, expect, it } from 'vitest';
import { s } from '../wire/schema';
import { createRoom } from './create';
import { defineRoom, message } from './define';
import { RoomOptionError } from './errors';
import { defineArena } from './fixtures/arena';
import { FakeRoomConnection } from './testing';

function optionError(fn: () => unknown): RoomOptionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RoomOptionError) return e;
    throw e;
  }
  throw new Error('expected a RoomOptionError');
}

const base = {
  name: 'r',
  initialState: () => ({ n: 0 }),
  messages: {
    inc: {
      schema: s.uint({ max: 10 }),
      handler: (d: Draft<{ n: number }>, _p: string, by: number) => {
        d.n += by;
      },
    },
  },
};

describe('defineRoom options', () => {
  it('names the option and the allowed range', () => {
    const e = optionError(() => defineRoom({ ...base, maxMessagesPerRound: 0 }));
    expect(e.option).toBe('maxMessagesPerRound');
    expect(e.code).toBe('bad-option');
    expect(e.message).toBe('room option `maxMessagesPerRound` must be an integer between 1 and 256, got 0');
  });

  it.each([
    ['maxMessagesPerRound', 1.5],
    ['maxMessagesPerRound', 257],
    ['maxInputBytes', 10],
    ['maxInputBytes', '4096'],
    ['maxQueuedMessages', 0],
  ])('rejects %s = %s', (option, value) => {
    const e = optionError(() => defineRoom({ ...base, [option]: value }));
    expect(e.option).toBe(option);
    expect(e.message).toContain(`\`${option}\``);
  });

  it('rejects a bad name, a missing initialState, bad hooks and unknown options', () => {
    expect(optionError(() => defineRoom({ ...base, name: '' })).option).toBe('name');
    expect(optionError(() => defineRoom({ ...base, name: 'a b' })).option).toBe('name');
    expect(optionError(() => defineRoom({ ...base, initialState: 5 } as never)).option).toBe('initialState');
    expect(optionError(() => defineRoom({ ...base, onJoin: 'x' as never })).option).toBe('onJoin');
    expect(optionError(() => defineRoom({ ...base, onRound: {} as never })).option).toBe('onRound');
    const typo = optionError(() => defineRoom({ ...base, maxMessagePerRound: 3 } as never));
    expect(typo.option).toBe('maxMessagePerRound');
    expect(typo.message).toContain('unknown room option');
  });

  it('rejects malformed message declarations, naming the message', () => {
    expect(optionError(() => defineRoom({ ...base, messages: [] as never })).option).toBe('messages');
    const noSchema = optionError(() =>
      defineRoom({ ...base, messages: { go: { schema: 1, handler: () => {} } } as never }),
    );
    expect(noSchema.option).toBe('messages.go.schema');
    const noHandler = optionError(() =>
      defineRoom({ ...base, messages: { go: { schema: s.bool(), handler: null } } as never }),
    );
    expect(noHandler.option).toBe('messages.go.handler');
    const optional = optionError(() =>
      defineRoom({ ...base, messages: { go: { schema: s.optional(s.bool()), handler: () => {} } } as never }),
    );
    expect(optional.option).toBe('messages.go.schema');
    expect(optionError(() => defineRoom({ ...base, messages: { 'a b': base.messages.inc } })).option).toBe(
      'messages.a b',
    );
  });

  it('gives message codes in sorted name order and applies defaults', () => {
    const def = defineArena();
    expect(def.messageNames).toEqual(['boom', 'corrupt', 'move', 'rename', 'roll']);
    expect(def.limits).toEqual({ maxMessagesPerRound: 32, maxInputBytes: 4096, maxQueuedMessages: 1024 });
    expect(Object.isFrozen(def)).toBe(true);
  });

  it('accepts message() declarations made outside the call', () => {
    interface St {
      log: string[];
    }
    const shout = message(s.str({ max: 8 }), (draft: Draft<St>, player, text) => {
      draft.log.push(`${player}:${text.toUpperCase()}`);
    });
    const def = defineRoom({ name: 'chat', initialState: (): St => ({ log: [] }), messages: { shout } });
    const { room } = createRoom(def, { self: 'me', connection: new FakeRoomConnection() });
    expect(room.send('shout', 'hi')).toBe(true);
  });
});

describe('send type safety', () => {
  it('only accepts declared types and their payloads (checked by tsc)', () => {
    const { room } = createRoom(defineArena(), { self: 'me', connection: new FakeRoomConnection() });
    room.send('move', { dx: 1, dy: -1 });
    room.send('rename', { name: 'Ann' });
    expect(() =>
      // @ts-expect-error dx must be a number
      room.send('move', { dx: 'left', dy: 0 }),
    ).toThrow(/payload\.dx: expected int/);
    expect(() =>
      // @ts-expect-error no such message type
      room.send('teleport', { x: 1 }),
    ).toThrow(/unknown message type 'teleport'/);
    expect(() =>
      // @ts-expect-error missing field dy
      room.send('move', { dx: 1 }),
    ).toThrow(/payload\.dy/);
  });
});
