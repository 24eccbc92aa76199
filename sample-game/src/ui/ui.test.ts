import { describe, expect, it } from 'vitest';
import { DISCONNECTED, errorText } from './error-text';
import { bagText, meanRtt } from './hud';
import { JOIN_STEPS, nameProblem } from './join-screen';

describe('the error screen', () => {
  it('offers a retry when the server is down, a new name when it is taken, and nothing when banned', () => {
    expect(errorText('authority-unreachable')).toMatchObject({ title: 'The game server is down', action: 'retry' });
    expect(errorText('name-taken').action).toBe('rename');
    expect(errorText('invalid-name').action).toBe('rename');
    expect(errorText('banned')).toMatchObject({ title: 'You are banned', action: 'none' });
    expect(errorText('webrtc-unavailable').action).toBe('none');
    expect(errorText(DISCONNECTED).action).toBe('retry');
  });

  it('has a generic text for codes it does not know, even inherited property names', () => {
    expect(errorText('something-new')).toMatchObject({ title: 'Something went wrong', action: 'retry' });
    expect(errorText('toString').title).toBe('Something went wrong');
  });
});

describe('the join form', () => {
  it('says what is wrong with a name, and accepts a valid one', () => {
    expect(nameProblem('Alice')).toBeUndefined();
    expect(nameProblem('Al')).toMatch(/3 to 20/);
    expect(nameProblem('x'.repeat(21))).toMatch(/3 to 20/);
    expect(nameProblem('1abc')).toMatch(/Start with a letter/);
    expect(nameProblem('ab cd')).toMatch(/Start with a letter/);
  });

  it('lists the plugin progress steps in order', () => {
    expect(JOIN_STEPS.map(([step]) => step)).toEqual([
      'keys',
      'registration',
      'signalling',
      'dht',
      'group',
      'first-round',
    ]);
  });
});

describe('the HUD', () => {
  it('averages the measured round trips and ignores unmeasured ones', () => {
    expect(meanRtt([40, undefined, 61])).toBe(51);
    expect(meanRtt([undefined])).toBeUndefined();
    expect(meanRtt([])).toBeUndefined();
  });

  it('describes the bag in words', () => {
    expect(bagText({})).toBe('empty');
    expect(bagText({ gem: 2, apple: 1, coin: 0 })).toBe('1 apple, 2 gems');
  });
});
