import { runClientServer } from '../protocols/client-server';
import { runLockstep } from '../protocols/lockstep';
import { runNeo } from '../protocols/neo';
import { neoBound } from '../protocols/neo-bound';
import { floorFigures, LatencyRecorder, latencyFigures } from '../protocols/recorder';
import { buildScenario, type Scenario } from '../protocols/scenario';
import type { BenchSection, Figure, Figures } from '../section';

/** The network and input stream's seed: one run, one network, three protocols. */
const SEED = 2004;

async function measure(
  s: Scenario,
  name: string,
  run: (s: Scenario, rec: LatencyRecorder) => Promise<Figures>,
): Promise<Figures> {
  const started = performance.now();
  const rec = new LatencyRecorder(s);
  const extra = await run(s, rec);
  process.stderr.write(`bench: latency.${name} simulated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return { ...latencyFigures(rec), ...extra };
}

const num = (f: Figure | undefined): number | null => (typeof f === 'number' ? f : null);
const ratio = (a: Figure | undefined, b: Figure | undefined): number | null => {
  const x = num(a);
  const y = num(b);
  return x === null || y === null || y === 0 ? null : x / y;
};

/**
 * The latency benchmark: 16 players, log-normal pair delays (median 40 ms, sigma 0.5,
 * cap 300 ms), one player 400 ms one-way from everyone, 2% loss, 60 simulated seconds of
 * inputs at about 10 per second per player; NEO, Baughman-Levine lockstep and a 20 Hz
 * client/server game fed the same stream. Latency: input produced -> applied at each other
 * player; for NEO, shown by the receiver's speculative view (`neo`, see `neo-shown.ts`) and
 * decided (`neoDecided`), from the same run; `neo.speculative` counts what was shown and rolled
 * back. `acceptedRatio` is over decided inputs. Targets: neo.p95 <= 0.35 lockstep.p95, neo.median <= 1.3 clientServer.median,
 * neo.acceptedRatio >= 0.99. `bound` is what limits NEO on this network (`neo-bound.ts`);
 * `neo.upstreamBytesPerSecPerPlayer` is the run's own traffic at the R it adapted to (the wire
 * section measures bytes at 20 rounds/s).
 */
export const latencySection: BenchSection = {
  name: 'latency',
  description: 'input latency of NEO vs lockstep vs client/server on one simulated 16-player network',
  async run() {
    const s = buildScenario({ seed: SEED });
    const lockstep = await measure(s, 'lockstep', runLockstep);
    const clientServer = await measure(s, 'clientServer', runClientServer);
    // One run, two measures: `neo` is when the receiver's speculative view first shows the input,
    // `neoDecided` when NEO decides and applies it (the authoritative state; the measure before
    // speculative views).
    const decided = new LatencyRecorder(s);
    const neo = await measure(s, 'neo', (sc, rec) => runNeo(sc, rec, { decided }));
    const neoDecided = latencyFigures(decided);
    // The same with shorter rounds (the deadline spread over 3 of them): lower latency for about
    // half as many messages again; NEO's default is 2.
    const shortDecided = new LatencyRecorder(s);
    const short = await measure(s, 'neoTargetK3', (sc, rec) =>
      runNeo(sc, rec, { config: { targetK: 3 }, decided: shortDecided }),
    );
    const shortDecidedFigures = latencyFigures(shortDecided);
    const p95Ratio = ratio(neo.p95, lockstep.p95);
    const medianRatio = ratio(neo.median, clientServer.median);
    // Accepted means decided: a speculatively shown input the decision rejects does not count.
    const accepted = num(neoDecided.acceptedRatio);
    const csMedian = num(clientServer.median);
    return {
      scenario: {
        seed: SEED,
        players: s.players.length,
        slowPlayer: s.slow ?? null,
        slowMs: s.slowMs,
        loss: s.loss,
        simulatedMs: s.durationMs,
        inputs: s.inputs.length,
      },
      floor: floorFigures(s),
      neo: { ...neo, acceptedRatio: accepted },
      neoDecided,
      neoTargetK3: {
        median: short.median ?? null,
        p95: short.p95 ?? null,
        decidedMedian: shortDecidedFigures.median ?? null,
        decidedP95: shortDecidedFigures.p95 ?? null,
        acceptedRatio: shortDecidedFigures.acceptedRatio ?? null,
        roundMs: short.roundMs ?? null,
        k: short.k ?? null,
        upstreamBytesPerSecPerPlayer: short.upstreamBytesPerSecPerPlayer ?? null,
        medianOverClientServerMedian: ratio(short.median, clientServer.median),
      },
      bound: {
        ...neoBound(s, num(neo.roundMs), num(neo.k)),
        targetMedianMs: csMedian === null ? null : 1.3 * csMedian,
      },
      lockstep,
      clientServer,
      ratio: {
        neoP95OverLockstepP95: p95Ratio,
        neoMedianOverClientServerMedian: medianRatio,
        neoDecidedMedianOverClientServerMedian: ratio(neoDecided.median, clientServer.median),
      },
      target: {
        neoP95OverLockstepP95Met: p95Ratio !== null && p95Ratio <= 0.35,
        neoMedianOverClientServerMedianMet: medianRatio !== null && medianRatio <= 1.3,
        acceptedRatioMet: accepted !== null && accepted >= 0.99,
      },
    };
  },
};
