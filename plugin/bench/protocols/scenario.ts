/**
 * The benchmark's common scenario: one simulated network and one input stream, built from one
 * seed, that every protocol simulator (NEO, lockstep, client/server) is fed identically.
 *
 * Network: N players, the one-way delay of each pair drawn once from a log-normal (median 40 ms,
 * sigma 0.5, capped at 300 ms), one player at 400 ms one-way to everyone, 2% loss per message.
 * Inputs: each player produces inputs at exponentially distributed intervals (a Poisson process)
 * of mean 1000 / `inputsPerSec` ms, from `startMs` for `durationMs`.
 */
import { type Rng, SeededRng } from '../../src/rng';
import { type LatencyModel, logNormalLatency } from '../../src/transport/sim/latency';
import type { SimNetwork } from '../../src/transport/sim/sim-network';
import type { PeerId } from '../../src/transport/transport';

/** Options of {@link buildScenario}; every field has the value as default. */
export interface ScenarioOptions {
  readonly seed: number;
  /** Players (default 16). */
  readonly players?: number;
  /** Log-normal pair delays: median, sigma, cap (default 40 ms, 0.5, 300 ms). */
  readonly medianMs?: number;
  readonly sigma?: number;
  readonly maxMs?: number;
  /** Replaces the log-normal model (tests use a constant one). */
  readonly latency?: LatencyModel;
  /** One-way delay of the slow player to everyone; null for no slow player (default 400 ms). */
  readonly slowMs?: number | null;
  /** Per-message loss probability (default 0.02). */
  readonly loss?: number;
  /** Simulated time during which inputs are produced (default 60 s). */
  readonly durationMs?: number;
  /** Mean inputs per second per player (default 10). */
  readonly inputsPerSec?: number;
  /** Virtual time at which the protocols start and inputs begin (default 1000 ms). */
  readonly startMs?: number;
  /** Simulated time after the last input during which protocols keep running (default 3 s). */
  readonly drainMs?: number;
}

/** One input: produced by `player` at virtual time `at`; `id` is unique in the scenario (>= 1). */
export interface InputEvent {
  readonly id: number;
  readonly player: PeerId;
  readonly at: number;
}

/** A built scenario (see the module comment). */
export interface Scenario {
  readonly seed: number;
  /** Player ids, sorted ascending (`p000`, `p001`, ... as the NEO harness names them). */
  readonly players: readonly PeerId[];
  /** The slow player, if any, and its one-way delay to everyone. */
  readonly slow: PeerId | undefined;
  readonly slowMs: number;
  readonly loss: number;
  readonly startMs: number;
  readonly durationMs: number;
  /** `startMs + durationMs`: no input is produced at or after it. */
  readonly endMs: number;
  readonly drainMs: number;
  /** The pair model without the slow player's override (what a SimNetwork is created with). */
  readonly base: LatencyModel;
  /** Every input of every player, by increasing time. */
  readonly inputs: readonly InputEvent[];
}

/** Player ids as the NEO test harness names its members, so all three simulators share them. */
export const playerId = (i: number): PeerId => `p${String(i).padStart(3, '0')}`;

/** Builds the scenario of `options` (deterministic in `options.seed`). */
export function buildScenario(options: ScenarioOptions): Scenario {
  const n = options.players ?? 16;
  const rng = new SeededRng(`bench-scenario-${options.seed}`);
  const players = Array.from({ length: n }, (_, i) => playerId(i));
  const slowMs = options.slowMs === undefined ? 400 : options.slowMs;
  const slow = slowMs === null ? undefined : players[rng.int(n)];
  const startMs = options.startMs ?? 1000;
  const durationMs = options.durationMs ?? 60_000;
  const base =
    options.latency ??
    logNormalLatency({
      seed: options.seed,
      medianMs: options.medianMs ?? 40,
      sigma: options.sigma ?? 0.5,
      maxMs: options.maxMs ?? 300,
    });
  return {
    seed: options.seed,
    players,
    slow,
    slowMs: slowMs ?? 0,
    loss: options.loss ?? 0.02,
    startMs,
    durationMs,
    endMs: startMs + durationMs,
    drainMs: options.drainMs ?? 3000,
    base,
    inputs: inputStream(players, rng.fork(), startMs, durationMs, options.inputsPerSec ?? 10),
  };
}

function inputStream(
  players: readonly PeerId[],
  rng: Rng,
  startMs: number,
  durationMs: number,
  perSec: number,
): InputEvent[] {
  const meanGap = 1000 / perSec;
  const raw: { player: PeerId; at: number }[] = [];
  for (const player of players) {
    const own = rng.fork();
    let at = startMs;
    for (;;) {
      at += -Math.log(1 - own.next()) * meanGap;
      if (at >= startMs + durationMs) break;
      raw.push({ player, at });
    }
  }
  raw.sort((a, b) => a.at - b.at || (a.player < b.player ? -1 : 1));
  return raw.map((e, i) => ({ id: i + 1, player: e.player, at: e.at }));
}

/** The one-way delay between two players in the scenario (the slow player's override included). */
export function oneWay(s: Scenario, a: PeerId, b: PeerId): number {
  if (s.slow !== undefined && (a === s.slow || b === s.slow)) return s.slowMs;
  return s.base(a, b);
}

/** Sets the slow player's links of `net` to the scenario's slow delay. */
export function applySlowPlayer(s: Scenario, net: SimNetwork): void {
  if (s.slow === undefined) return;
  for (const p of s.players) if (p !== s.slow) net.setLinkLatency(s.slow, p, s.slowMs);
}

/** Players other than the slow one. */
export function fastPlayers(s: Scenario): PeerId[] {
  return s.players.filter((p) => p !== s.slow);
}
