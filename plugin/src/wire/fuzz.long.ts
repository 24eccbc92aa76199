/**
 * Long fuzz run of `decodeMessage` (`npm run fuzz -- --runs N --seed S`). Same property as
 * `fuzz.test.ts`, millions of inputs: half random bytes, half mutated valid messages. Prints
 * progress and a summary; exits 1 on the first input that makes decoding throw or misbehave.
 */
import fc from 'fast-check';
import { toHex } from '../util/bytes';
import type { WireErrorCode } from './errors';
import { checkDecode, mutatedInput, randomInput } from './fixtures/arbitraries';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const v = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`--${name} must be a non-negative integer, got ${raw}`);
    process.exit(2);
  }
  return v;
}

const runs = arg('runs', 5_000_000);
const seed = arg('seed', Date.now() % 2 ** 31);
const BATCH = 100_000;
const input = fc.oneof(randomInput, mutatedInput);
const outcomes = new Map<'accepted' | WireErrorCode, number>();
const started = performance.now();
let tried = 0;

console.log(`wire fuzz: ${runs} inputs, seed ${seed}`);
for (let batch = 0; tried < runs; batch++) {
  const numRuns = Math.min(BATCH, runs - tried);
  const property = fc.property(input, (bytes) => {
    const o = checkDecode(bytes);
    outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
  });
  // Each batch has its own derived seed, so any failure is reproducible from the printed pair.
  const details = fc.check(property, { numRuns, seed: (seed + batch) | 0 });
  if (details.failed) {
    const [bytes] = details.counterexample ?? [];
    console.error(`FAILED in batch ${batch} (seed ${(seed + batch) | 0}) after ${details.numRuns} runs`);
    if (bytes instanceof Uint8Array) console.error(`input: ${toHex(bytes)}`);
    console.error(details.errorInstance);
    process.exit(1);
  }
  tried += numRuns;
  const secs = (performance.now() - started) / 1000;
  console.log(`  ${tried}/${runs} inputs, ${Math.round(tried / secs)}/s, accepted ${outcomes.get('accepted') ?? 0}`);
}

const seconds = (performance.now() - started) / 1000;
console.log('summary:');
console.log(`  inputs tried: ${tried}`);
console.log(`  accepted:     ${outcomes.get('accepted') ?? 0}`);
for (const [code, n] of [...outcomes].filter(([k]) => k !== 'accepted').sort((a, b) => b[1] - a[1])) {
  console.log(`  dropped ${code}: ${n}`);
}
console.log(`  wall seconds: ${seconds.toFixed(1)}`);
