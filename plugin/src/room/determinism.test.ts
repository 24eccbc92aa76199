import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecidedRound, ReplicatedState } from '../neo/replicated-state';
import { toHex } from '../util/bytes';
import { defineArena, inputOf } from './fixtures/arena';
import { RoomReplica } from './replica';
import { testRound } from './testing';

const def = defineArena({ maxMessagesPerRound: 4 });
const names = def.messageNames;
const POOL = ['a', 'b', 'c', 'd'];

const messageArb = fc.oneof(
  fc.tuple(
    fc.constant('move'),
    fc.record({ dx: fc.integer({ min: -6, max: 6 }), dy: fc.integer({ min: -5, max: 5 }) }),
  ),
  fc.tuple(fc.constant('rename'), fc.record({ name: fc.string({ maxLength: 18 }) })),
  fc.tuple(fc.constant('roll'), fc.constant({})),
  fc.tuple(fc.constant('boom'), fc.record({ at: fc.nat({ max: 1200 }) })),
  fc.tuple(fc.constant('corrupt'), fc.record({ kind: fc.constantFrom('map', 'nan', 'cycle', 'bogus') })),
  fc.tuple(fc.constant('nope'), fc.anything()),
);

/** One player's input: nothing, garbage bytes, or up to 5 messages (5 > the cap of 4). */
const inputArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  { weight: 6, arbitrary: fc.array(messageArb, { maxLength: 5 }) },
);

const roundArb = fc.record({
  toggle: fc.subarray(POOL),
  inputs: fc.array(inputArb, { minLength: 4, maxLength: 4 }),
  seed: fc.uint8Array({ minLength: 32, maxLength: 32 }),
});

type RoundData = typeof roundArb extends fc.Arbitrary<infer T> ? T : never;

/** Turns generated data into decided rounds with consistent membership. */
function rounds(data: readonly RoundData[]): DecidedRound[] {
  const members = new Set<string>();
  return data.map((d, round) => {
    const joined = d.toggle.filter((p) => !members.has(p)).sort();
    const left = d.toggle.filter((p) => members.has(p)).sort();
    for (const p of joined) members.add(p);
    for (const p of left) members.delete(p);
    const inputs = [...members].sort().map((player, i) => {
      const raw = d.inputs[i];
      const input =
        raw === null || raw instanceof Uint8Array
          ? raw
          : inputOf(
              names,
              (raw as [string, unknown][]).map(([t, p]) => [t, p] as const),
            );
      return { player, input: input as Uint8Array | null };
    });
    return testRound({ round, joined, left, inputs, seed: d.seed });
  });
}

describe('determinism', () => {
  it('two replicas given the same rounds agree on every hash; a joiner restored mid-way agrees too', () => {
    fc.assert(
      fc.property(fc.array(roundArb, { minLength: 1, maxLength: 12 }), fc.nat(), (data, cut) => {
        const list = rounds(data);
        const x = new RoomReplica(def, { self: 'a' });
        const y = new RoomReplica(def, { self: 'b' });
        const at = cut % list.length;
        let joiner: ReplicatedState | undefined;
        for (const [i, r] of list.entries()) {
          const hx = x.apply(r);
          const hy = y.apply(r);
          expect(toHex(hy)).toBe(toHex(hx));
          if (joiner) expect(toHex(joiner.apply(r))).toBe(toHex(hx));
          if (i === at) {
            joiner = new RoomReplica(def, { self: 'z' });
            const restored = joiner.restore(x.snapshot(), r.round);
            expect(restored.ok).toBe(true);
          }
        }
        expect(y.state).toEqual(x.state);
        expect(y.counters).toEqual(x.counters);
      }),
      { numRuns: 150 },
    );
  });

  it('a replica that rewinds and re-applies lands on the same hash as one that never diverged', () => {
    fc.assert(
      fc.property(fc.array(roundArb, { minLength: 3, maxLength: 10 }), fc.nat(), (data, pick) => {
        const list = rounds(data);
        const honest = new RoomReplica(def, { self: 'a' });
        const repaired = new RoomReplica(def, { self: 'b' });
        repaired.retainRounds(list.length);
        const bad = pick % (list.length - 1);
        for (const r of list) honest.apply(r);
        for (const r of list) {
          // `repaired` first decides round `bad` with every input missing.
          repaired.apply(r.round === bad ? { ...r, inputs: r.inputs.map((i) => ({ ...i, input: null })) } : r);
        }
        // Round `bad - 1` may be -1: the initial state is in the window too.
        expect(repaired.rewind(bad - 1)).toBe(true);
        for (const r of list.slice(bad)) repaired.apply(r);
        expect(toHex(repaired.stateHash())).toBe(toHex(honest.stateHash()));
      }),
      { numRuns: 100 },
    );
  });
});
