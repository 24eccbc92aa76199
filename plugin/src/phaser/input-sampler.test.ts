import { describe, expect, it } from 'vitest';
import { CHANGE_REFRESH_ROUNDS, type InputPort, InputSampler, samePlain } from './input-sampler';

/** A zone room's input side: rounds are started by the test (the round timer), never by frames. */
class FakeRounds implements InputPort {
  readonly sent: { type: string; payload: unknown; round: number }[] = [];
  readonly #listeners = new Set<(round: number) => void>();
  round = 0;
  refuse = false;

  onBeforeInput(fn: (round: number) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  send(type: string, payload: unknown): boolean {
    if (type === 'bad') throw new Error(`bad payload for ${type}`);
    if (this.refuse) return false;
    this.sent.push({ type, payload, round: this.round });
    return true;
  }

  /** Runs `n` rounds of the round timer. */
  tick(n = 1): void {
    for (let i = 0; i < n; i++) {
      this.round++;
      for (const fn of [...this.#listeners]) fn(this.round);
    }
  }

  get listeners(): number {
    return this.#listeners.size;
  }
}

describe('InputSampler', () => {
  it('samples once per round from the round timer, with no frames drawn at all', () => {
    const rounds = new FakeRounds();
    const s = new InputSampler();
    let calls = 0;
    s.sample('move', () => {
      calls++;
      return { dx: 1, dy: 0 };
    });
    s.attach(rounds);
    rounds.tick(10);
    expect(calls).toBe(10);
    expect(rounds.sent.map((m) => m.round)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rounds.sent[0]).toEqual({ type: 'move', payload: { dx: 1, dy: 0 }, round: 1 });
  });

  it('sends nothing for a round whose sampler returns undefined', () => {
    const rounds = new FakeRounds();
    const s = new InputSampler();
    s.sample('chat', () => (rounds.round === 3 ? { text: 'hi' } : undefined));
    s.attach(rounds);
    rounds.tick(5);
    expect(rounds.sent).toEqual([{ type: 'chat', payload: { text: 'hi' }, round: 3 }]);
    expect(s.counters.skipped).toBe(4);
  });

  it("'change' mode skips repeats, sends changes, and refreshes every 20 rounds", () => {
    const rounds = new FakeRounds();
    const s = new InputSampler();
    let dx = 1;
    s.sample('move', () => ({ dx }), 'change');
    s.attach(rounds);
    rounds.tick(5);
    expect(rounds.sent.map((m) => m.round)).toEqual([1]);
    dx = 0;
    rounds.tick(1);
    expect(rounds.sent.map((m) => m.round)).toEqual([1, 6]);
    rounds.tick(CHANGE_REFRESH_ROUNDS);
    expect(rounds.sent.map((m) => m.round)).toEqual([1, 6, 6 + CHANGE_REFRESH_ROUNDS]);
    expect(s.counters.unchanged).toBe(4 + CHANGE_REFRESH_ROUNDS - 1);
  });

  it("'change' mode compares values, not objects: a game reusing one mutable object still sends changes", () => {
    const rounds = new FakeRounds();
    const s = new InputSampler();
    const intent = { dx: 1 };
    s.sample('move', () => intent, 'change');
    s.attach(rounds);
    rounds.tick(2);
    intent.dx = -1;
    rounds.tick(2);
    expect(rounds.sent.map((m) => m.payload)).toEqual([{ dx: 1 }, { dx: -1 }]);
  });

  it('reports what it sent, with the round (the local prediction uses it)', () => {
    const rounds = new FakeRounds();
    const sent: string[] = [];
    const s = new InputSampler({ onSent: (type, p, round) => sent.push(`${type}@${round}:${JSON.stringify(p)}`) });
    s.sample('move', () => ({ dx: 1 }));
    s.attach(rounds);
    rounds.tick(2);
    expect(sent).toEqual(['move@1:{"dx":1}', 'move@2:{"dx":1}']);
    expect(s.round).toBe(2);
  });

  it('isolates a sampler that throws and a payload the room refuses; the others still send', () => {
    const rounds = new FakeRounds();
    const errors: string[] = [];
    const s = new InputSampler({ onError: (_e, type) => errors.push(type) });
    s.sample('boom', () => {
      throw new Error('game bug');
    });
    s.sample('bad', () => ({}));
    s.sample('move', () => ({ dx: 1 }));
    s.attach(rounds);
    rounds.tick(2);
    expect(rounds.sent.map((m) => m.type)).toEqual(['move', 'move']);
    expect(errors).toEqual(['boom', 'bad', 'boom', 'bad']);
    expect(s.counters.errors).toBe(4);
  });

  it('counts a full queue and tries again next round', () => {
    const rounds = new FakeRounds();
    const s = new InputSampler();
    s.sample('move', () => ({ dx: 1 }), 'change');
    s.attach(rounds);
    rounds.refuse = true;
    rounds.tick(1);
    rounds.refuse = false;
    rounds.tick(1);
    expect(rounds.sent.map((m) => m.round)).toEqual([2]);
    expect(s.counters.refused).toBe(1);
  });

  it('moves to another room: the old one hears nothing more, the new one gets the value afresh', () => {
    const a = new FakeRounds();
    const b = new FakeRounds();
    const s = new InputSampler();
    s.sample('move', () => ({ dx: 1 }), 'change');
    s.attach(a);
    a.tick(3);
    s.attach(b);
    a.tick(3);
    b.tick(3);
    expect(a.sent.map((m) => m.round)).toEqual([1]);
    expect(b.sent.map((m) => m.round)).toEqual([1]);
    expect(a.listeners).toBe(0);
  });

  it('stops a sampler when unsubscribed, and everything on clear', () => {
    const rounds = new FakeRounds();
    const s = new InputSampler();
    const off = s.sample('a', () => 1);
    s.sample('b', () => 2);
    s.attach(rounds);
    rounds.tick(1);
    off();
    off();
    rounds.tick(1);
    s.clear();
    rounds.tick(1);
    expect(rounds.sent.map((m) => `${m.type}${m.round}`)).toEqual(['a1', 'b1', 'b2']);
    expect(rounds.listeners).toBe(0);
  });
});

describe('samePlain', () => {
  it('compares plain data structurally', () => {
    expect(samePlain({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(samePlain({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(samePlain([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(samePlain(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(samePlain(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(samePlain(Number.NaN, Number.NaN)).toBe(true);
  });
});
