import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from './envelope';
import type { WireErrorCode } from './errors';
import { checkDecode, mutatedInput, randomInput, validMessage } from './fixtures/arbitraries';

// 100k inputs in the normal suite; `npm run fuzz` runs millions. Fixed seeds keep CI reproducible.
const RANDOM_RUNS = 40_000;
const MUTATED_RUNS = 55_000;
const VALID_RUNS = 5_000;
const TIMEOUT_MS = 60_000;

function tally(): { outcomes: Map<'accepted' | WireErrorCode, number>; count: (bytes: Uint8Array) => boolean } {
  const outcomes = new Map<'accepted' | WireErrorCode, number>();
  return {
    outcomes,
    count: (bytes) => {
      const o = checkDecode(bytes);
      outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      return true;
    },
  };
}

describe('fuzz: decodeMessage never throws and accepted messages re-encode stably', () => {
  it(
    'random bytes',
    () => {
      const t = tally();
      fc.assert(fc.property(randomInput, t.count), { numRuns: RANDOM_RUNS, seed: 0x5eed1 });
      for (const o of ['malformed', 'too-deep', 'limit', 'unsupported', 'bad-envelope', 'schema'] as const) {
        expect(t.outcomes.get(o) ?? 0).toBeGreaterThan(0);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'mutations of valid messages',
    () => {
      const t = tally();
      fc.assert(fc.property(mutatedInput, t.count), { numRuns: MUTATED_RUNS, seed: 0x5eed2 });
      // Mutations must reach every layer: some survive, others fail at each check.
      for (const o of ['accepted', 'malformed', 'schema', 'unknown-type', 'bad-envelope'] as const) {
        expect(t.outcomes.get(o) ?? 0).toBeGreaterThan(0);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'valid messages round trip exactly',
    () => {
      fc.assert(
        fc.property(validMessage, (m) => {
          const r = decodeMessage(m.bytes);
          expect(r.ok && r.value.name).toBe(m.name);
          expect(r.ok && r.value.body).toEqual(m.body);
        }),
        { numRuns: VALID_RUNS, seed: 0x5eed3 },
      );
    },
    TIMEOUT_MS,
  );
});
