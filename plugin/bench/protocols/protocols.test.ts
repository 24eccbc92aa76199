import { describe, expect, it } from 'vitest';
import { constantLatency } from '../../src/transport/sim/latency';
import { runClientServer } from './client-server';
import { decodeInputs, encodeInputs } from './input-codec';
import { runLockstep } from './lockstep';
import { runNeo } from './neo';
import { LatencyRecorder, latencyFigures, percentile } from './recorder';
import { buildScenario, type Scenario } from './scenario';

/** 3 players, 2 s of inputs, lossless, no slow player. */
const tiny = (): Scenario =>
  buildScenario({
    seed: 5,
    players: 3,
    latency: constantLatency(20),
    slowMs: null,
    loss: 0,
    durationMs: 2000,
    drainMs: 1500,
  });

const simulators = {
  lockstep: runLockstep,
  clientServer: runClientServer,
  neo: runNeo,
} as const;

describe('protocol simulators (correctness, not timing)', () => {
  for (const [name, run] of Object.entries(simulators)) {
    it(`${name} applies every input at every other player exactly once`, async () => {
      const s = tiny();
      expect(s.inputs.length).toBeGreaterThan(30);
      const rec = new LatencyRecorder(s);
      await run(s, rec);
      expect(rec.missing()).toBe(0);
      expect(rec.reapplied).toBe(0);
      const f = latencyFigures(rec);
      expect(f.samples).toBe(s.inputs.length * 2);
      expect(f.acceptedRatio).toBe(1);
      // Nothing arrives faster than the direct one-way delay.
      for (const p of rec.pairs()) expect(p.latency).toBeGreaterThanOrEqual(20);
    });
  }

  it('neo shows each input speculatively no later than it decides it, and never before its key could arrive', async () => {
    // Links of 10, 30 and 50 ms: a near member's key comes well before the far member's one the decision waits for.
    const spread = (a: string, b: string) => 10 + 20 * ((a.charCodeAt(3) + b.charCodeAt(3)) % 3);
    const s = buildScenario({ seed: 7, players: 4, latency: spread, slowMs: null, durationMs: 3000 });
    const shown = new LatencyRecorder(s);
    const decided = new LatencyRecorder(s);
    const f = await runNeo(s, shown, { decided });
    expect(decided.missing()).toBe(0);
    const spec = f.speculative as Record<string, number>;
    expect(spec.mispredicted).toBe(0);
    expect(spec.beforeKeyCouldArrive).toBe(0);
    // Nearly everything is read from its key (a lost commitment is shown by its decision).
    expect(spec.revealedFirst).toBeGreaterThan(0.95 * spec.shownPairs!);
    let sooner = 0;
    for (const p of shown.pairs()) {
      const d = decided.appliedAt(p.input.id, p.receiver)!;
      const at = p.latency! + p.input.at;
      expect(at).toBeLessThanOrEqual(d);
      if (at < d) sooner++;
      // At least the key's deadline (k = 2 rounds of at least 20 ms) plus the shortest link.
      expect(p.latency!).toBeGreaterThanOrEqual(2 * 20 + 10);
    }
    expect(sooner).toBeGreaterThan(0.3 * s.inputs.length * 3);
    expect(latencyFigures(shown).median as number).toBeLessThan(latencyFigures(decided).median as number);
  });

  it('lockstep and client/server deliver everything despite loss (retransmission)', async () => {
    const s = buildScenario({ seed: 9, players: 4, slowMs: 200, loss: 0.2, durationMs: 2000, drainMs: 4000 });
    for (const run of [runLockstep, runClientServer]) {
      const rec = new LatencyRecorder(s);
      await run(s, rec);
      expect(rec.missing()).toBe(0);
    }
  });

  it('builds the same scenario from the same seed', () => {
    const a = buildScenario({ seed: 3, durationMs: 5000 });
    const b = buildScenario({ seed: 3, durationMs: 5000 });
    expect(b.inputs).toEqual(a.inputs);
    expect(a.slow).toBe(b.slow);
    expect(a.inputs.length / (16 * 5)).toBeGreaterThan(8);
    expect(a.inputs.length / (16 * 5)).toBeLessThan(12);
    expect(buildScenario({ seed: 4, durationMs: 5000 }).inputs).not.toEqual(a.inputs);
  });

  it('encodes inputs in 8 bytes each and computes nearest-rank percentiles', () => {
    expect(encodeInputs([1, 2]).length).toBe(16);
    expect(decodeInputs(encodeInputs([7, 0xffffffff]))).toEqual([7, 0xffffffff]);
    expect(percentile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(percentile([...Array(100).keys()], 0.95)).toBe(94);
    expect(percentile([], 0.5)).toBeNull();
  });
});
