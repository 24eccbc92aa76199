/**
 * Messages declared `resend: true` go out again when the round that carried them did not accept
 * this peer's input; latest-value messages (the default) do not, and neither does a round whose
 * decision may still change (made by giving up on missing messages).
 */
import { describe, expect, it } from 'vitest';
import { s } from '../wire/schema';
import { defineRoom } from './define';
import { RoomReplica } from './replica';
import { testRound } from './testing';

interface ChatState {
  lines: string[];
  x: number;
}

const chat = defineRoom({
  name: 'chat',
  initialState: (): ChatState => ({ lines: [], x: 0 }),
  messages: {
    say: {
      schema: s.object({ text: s.str({ max: 32 }) }),
      resend: true,
      handler: (draft, player, p) => {
        draft.lines.push(`${player}:${p.text}`);
      },
    },
    move: {
      schema: s.object({ dx: s.int({ min: -1, max: 1 }) }),
      handler: (draft, _player, p) => {
        draft.x += p.dx;
      },
    },
  },
});

/** Round `round` applied with `a`'s input accepted (`input`) or not (`null`). */
const make = () => new RoomReplica(chat, { self: 'a' });
type ChatReplica = ReturnType<typeof make>;

function apply(r: ChatReplica, round: number, input: Uint8Array | null, final = true): void {
  r.apply({ ...testRound({ round, inputs: [{ player: 'a', input }] }), final });
}

function started(): ChatReplica {
  const r = make();
  r.apply(testRound({ round: 0, joined: ['a'], inputs: [{ player: 'a', input: null }] }));
  return r;
}

describe('resend', () => {
  it('a lost event is sent again in the next input, ahead of what was sent since, and applied once', () => {
    const r = started();
    r.enqueue('say', { text: 'hello' });
    r.enqueue('move', { dx: 1 });
    r.takeInput(1);
    r.enqueue('say', { text: 'later' });
    const second = r.takeInput(2);
    apply(r, 1, null);
    apply(r, 2, second);
    expect(r.state.lines).toEqual(['a:later']);
    expect(r.counters).toMatchObject({ inputsLost: 1, resent: 1 });
    // The move (latest-value) is not sent again; the lost line is.
    apply(r, 3, r.takeInput(3));
    expect(r.state.lines).toEqual(['a:later', 'a:hello']);
    expect(r.state.x).toBe(0);
    expect(r.queued).toBe(0);
  });

  it('is sent again each time it is lost, until a round accepts it', () => {
    const r = started();
    r.enqueue('say', { text: 'hi' });
    for (let round = 1; round <= 3; round++) {
      r.takeInput(round);
      apply(r, round, null);
    }
    apply(r, 4, r.takeInput(4));
    expect(r.state.lines).toEqual(['a:hi']);
    expect(r.counters).toMatchObject({ inputsLost: 3, resent: 3 });
  });

  it('a round decided by giving up (not final) sends nothing again: it may yet accept the input', () => {
    const r = started();
    r.enqueue('say', { text: 'hi' });
    r.takeInput(1);
    apply(r, 1, null, false);
    expect(r.queued).toBe(0);
    expect(r.counters).toMatchObject({ inputsLost: 1, resent: 0 });
  });

  it('an accepted input is not sent again', () => {
    const r = started();
    r.enqueue('say', { text: 'once' });
    apply(r, 1, r.takeInput(1));
    expect(r.takeInput(2)).toBeNull();
    expect(r.state.lines).toEqual(['a:once']);
  });

  it('a resend option that is not a boolean fails at definition, naming it', () => {
    expect(() =>
      defineRoom({
        name: 'bad',
        initialState: () => ({}),
        messages: { say: { schema: s.object({}), handler: () => {}, resend: 'yes' as unknown as boolean } },
      }),
    ).toThrow(/messages\.say\.resend/);
  });
});
