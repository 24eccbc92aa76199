/**
 * Input latency bookkeeping shared by the three simulators: when each input was produced (from
 * the scenario) and when it was first applied at each other player. Latency samples are
 * (input, receiver) pairs, receiver != producer.
 */
import type { PeerId } from '../../src/transport/transport';
import type { Figures } from '../section';
import { median } from '../timing';
import { type InputEvent, oneWay, type Scenario } from './scenario';

/** Nearest-rank percentile (`p` in (0, 1]) of a list sorted ascending; null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
}

/** `{ median, p95, samples }` of a list of ms values (nulls when it is empty). */
export function distribution(values: readonly number[]): {
  median: number | null;
  p95: number | null;
  samples: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted.length === 0 ? null : median(sorted), p95: percentile(sorted, 0.95), samples: sorted.length };
}

/** Records first applications of the scenario's inputs at each player. */
export class LatencyRecorder {
  readonly #inputs = new Map<number, InputEvent>();
  readonly #applied = new Map<number, Map<PeerId, number>>();
  /** Applications of an input a receiver had already applied (a repair re-applying a round, or a bug). */
  reapplied = 0;
  /** Applications at the producer itself (not samples). */
  own = 0;

  constructor(readonly scenario: Scenario) {
    for (const e of scenario.inputs) this.#inputs.set(e.id, e);
  }

  /** Input `id` was applied at `receiver` at virtual time `at`. Throws on an id the scenario never produced. */
  apply(id: number, receiver: PeerId, at: number): void {
    const e = this.#inputs.get(id);
    if (e === undefined) throw new Error(`recorder: unknown input ${id}`);
    if (receiver === e.player) {
      this.own++;
      return;
    }
    if (at < e.at) throw new Error(`recorder: input ${id} applied at ${at}, before it was produced (${e.at})`);
    let byReceiver = this.#applied.get(id);
    if (byReceiver === undefined) {
      byReceiver = new Map();
      this.#applied.set(id, byReceiver);
    }
    if (byReceiver.has(receiver)) this.reapplied++;
    else byReceiver.set(receiver, at);
  }

  /** When input `id` was first applied at `receiver`, if it was. */
  appliedAt(id: number, receiver: PeerId): number | undefined {
    return this.#applied.get(id)?.get(receiver);
  }

  /** Every expected (input, receiver) pair, with its latency when applied. */
  *pairs(): Generator<{ input: InputEvent; receiver: PeerId; latency: number | undefined }> {
    for (const input of this.scenario.inputs) {
      const byReceiver = this.#applied.get(input.id);
      for (const receiver of this.scenario.players) {
        if (receiver === input.player) continue;
        const at = byReceiver?.get(receiver);
        yield { input, receiver, latency: at === undefined ? undefined : at - input.at };
      }
    }
  }

  /** Expected pairs that were never applied. */
  missing(): number {
    let n = 0;
    for (const p of this.pairs()) if (p.latency === undefined) n++;
    return n;
  }
}

/**
 * The figures of one protocol run: the headline `median` / `p95` over every applied pair; the
 * same split by whether the slow player is the producer or the receiver (so nothing is hidden);
 * and `acceptedRatio`, the share of pairs applied among players that are not the slow one.
 */
export function latencyFigures(rec: LatencyRecorder): Figures {
  const slow = rec.scenario.slow;
  const all: number[] = [];
  const fast: number[] = [];
  const slowReceiver: number[] = [];
  const slowProducer: number[] = [];
  let fastPairs = 0;
  let fastApplied = 0;
  let slowPairs = 0;
  let slowApplied = 0;
  for (const { input, receiver, latency } of rec.pairs()) {
    const fromSlow = input.player === slow;
    const toSlow = receiver === slow;
    if (!fromSlow && !toSlow) fastPairs++;
    if (fromSlow) slowPairs++;
    if (latency === undefined) continue;
    all.push(latency);
    if (fromSlow) {
      slowApplied++;
      slowProducer.push(latency);
    } else if (toSlow) slowReceiver.push(latency);
    else {
      fastApplied++;
      fast.push(latency);
    }
  }
  const d = distribution(all);
  const figures: Figures = {
    median: d.median,
    p95: d.p95,
    samples: d.samples,
    acceptedRatio: fastPairs === 0 ? null : fastApplied / fastPairs,
    notSlow: distribution(fast),
  };
  if (slow !== undefined) {
    figures.slowReceiver = distribution(slowReceiver);
    figures.slowProducer = distribution(slowProducer);
    figures.slowAcceptedRatio = slowPairs === 0 ? null : slowApplied / slowPairs;
  }
  figures.reapplied = rec.reapplied;
  return figures;
}

/** The direct one-way delay of every expected (input, receiver) pair: the floor no protocol beats. */
export function floorFigures(s: Scenario): Figures {
  const delays: number[] = [];
  const fast: number[] = [];
  for (const input of s.inputs) {
    for (const receiver of s.players) {
      if (receiver === input.player) continue;
      const d = oneWay(s, input.player, receiver);
      delays.push(d);
      if (input.player !== s.slow && receiver !== s.slow) fast.push(d);
    }
  }
  const all = distribution(delays);
  const notSlow = distribution(fast);
  return { median: all.median, p95: all.p95, notSlow: { median: notSlow.median, p95: notSlow.p95 } };
}
