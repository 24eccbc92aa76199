/**
 * Timing helpers for benchmark sections: warm up, then time batches with `performance.now()`,
 * alternating contenders round by round so machine noise hits all of them alike.
 */

/** Milliseconds per call of `fn`, over `iterations` calls (sync work: nothing awaited). */
export function timeSync(fn: () => unknown, iterations: number): number {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
}

/** Milliseconds per call of `fn`, over `iterations` sequential awaited calls. */
export async function timeAsync(fn: () => unknown, iterations: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return (performance.now() - start) / iterations;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One thing to time in {@link compareInterleaved}. */
export interface Contender {
  readonly name: string;
  /** Calls per round: large for fast operations, small for slow ones. */
  readonly batch: number;
  /** Calls made before timing starts. */
  readonly warmup: number;
  /** The operation; `sync` ones are called without awaiting. */
  readonly op: () => unknown;
  readonly sync?: boolean;
}

/**
 * Times every contender over `rounds` rounds, alternating their order each round (forward,
 * then reversed) so drift and noise spread over all of them. Returns the median over rounds
 * of each contender's milliseconds per call.
 */
export async function compareInterleaved(
  contenders: readonly Contender[],
  rounds: number,
): Promise<Record<string, number>> {
  for (const c of contenders) {
    for (let i = 0; i < c.warmup; i++) await c.op();
  }
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      const ms = c.sync ? timeSync(c.op, c.batch) : await timeAsync(c.op, c.batch);
      samples.get(c.name)?.push(ms);
    }
  }
  const out: Record<string, number> = {};
  for (const [name, values] of samples) out[name] = median(values);
  return out;
}
