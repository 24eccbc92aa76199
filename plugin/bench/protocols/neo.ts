/**
 * The real NEO engine (`plugin/src/neo/`) on the scenario's network, through its test harness:
 * one member per player on a SimNetwork with the scenario's seed, pair model, slow player and
 * loss, real WebCrypto Ed25519 signatures, NEO's default configuration (R and k adapt as NEO
 * chooses; the first epoch uses the harness's R = 50 ms, k = 2). Each member's room is the
 * harness's log state; its input for a round is every scenario input the player produced
 * up to the round's start (NEO takes it then), 8 bytes each. An input is shown at a member when
 * its speculative view first holds it (`neo-shown.ts`: its `revealed` event, or its round's
 * application when it was not revealed before), and decided there when NEO applies the round
 * that carries it (the `applied` event). `recorder` gets the first, `options.decided` the second.
 */
import { type NeoConfig, resolveConfig, retainWindow } from '../../src/neo/config';
import { NeoHarness } from '../../src/neo/testing/harness';
import type { Figures } from '../section';
import { decodeInputs, encodeInputs } from './input-codec';
import { ShownTracker } from './neo-shown';
import { distribution, LatencyRecorder } from './recorder';
import { applySlowPlayer, type InputEvent, type Scenario } from './scenario';

/** Options of {@link runNeo}. */
export interface NeoRunOptions {
  /** NEO configuration overrides (default: none, NEO's defaults). */
  readonly config?: Partial<NeoConfig>;
  /** First epoch's round length and deadline (default: the harness's, 50 ms and 2). */
  readonly roundMs?: number;
  readonly k?: number;
  /** Receives when each input was decided (applied) at each receiver; `recorder` gets when it was shown. */
  readonly decided?: LatencyRecorder;
}

/** Runs NEO over the whole scenario (plus its drain time), recording into `recorder`. */
export async function runNeo(s: Scenario, recorder: LatencyRecorder, options: NeoRunOptions = {}): Promise<Figures> {
  const queues = s.players.map((p) => s.inputs.filter((e) => e.player === p));
  const next = s.players.map(() => 0);
  let now = (): number => 0;
  /** When NEO took each input into a round (that round's start). */
  const takenAt = new Map<number, number>();
  const take = (index: number): Uint8Array | null => {
    const queue: readonly InputEvent[] = queues[index] ?? [];
    const t = now();
    const ids: number[] = [];
    let i = next[index] ?? 0;
    while (i < queue.length && queue[i]!.at <= t) {
      const id = queue[i++]!.id;
      ids.push(id);
      takenAt.set(id, t);
    }
    next[index] = i;
    return ids.length === 0 ? null : encodeInputs(ids);
  };
  const h = await NeoHarness.create({
    size: s.players.length,
    seed: s.seed,
    latency: s.base,
    loss: s.loss,
    t0: s.startMs,
    roundMs: options.roundMs,
    k: options.k,
    config: options.config,
    inputs: (index) => take(index),
  });
  now = () => h.clock.now();
  h.peers.forEach((p, i) => {
    if (p.id !== s.players[i]) throw new Error(`neo bench: harness member ${i} is ${p.id}, not ${s.players[i]}`);
  });
  applySlowPlayer(s, h.net);
  let slowRemovedAt: number | null = null;
  /** Epochs as the first fast member saw them begin: [virtual time, R, k]. */
  const timeline: [number, number, number][] = [];
  const watcher = h.peers.find((p) => p.id !== s.slow)!;
  watcher.group.on('epoch', (e) => timeline.push([h.clock.now(), e.roundMs, e.k]));
  const decided = options.decided ?? new LatencyRecorder(s);
  // The room sets its speculative window to the rewind window NEO gives it (retainRounds).
  const resolved = resolveConfig(options.config);
  if (!resolved.ok) throw resolved.error;
  const shown = new ShownTracker(s, recorder, retainWindow(resolved.value, resolved.value.maxK));
  const sentBefore = new Map(h.peers.map((p) => [p.id, h.net.peer(p.id)!.stats().bytesSent]));
  for (const p of h.peers) {
    p.group.on('revealed', (r) => shown.revealed(p.id, r, p.group.appliedRound ?? -1, h.clock.now()));
    p.group.on('applied', (round) => {
      const at = h.clock.now();
      shown.applied(p.id, round, at);
      for (const { input } of round.inputs) {
        if (input !== null) for (const id of decodeInputs(input)) decided.apply(id, p.id, at);
      }
    });
    p.group.on('epoch', (e) => {
      if (slowRemovedAt === null && s.slow !== undefined && p.id !== s.slow && !e.members.includes(s.slow)) {
        slowRemovedAt = h.clock.now() - s.startMs;
      }
    });
  }
  await h.run(s.endMs - h.clock.now());
  // Upstream of the fast members while inputs flow, at the run's own round lengths.
  const fastIds = h.peers.filter((p) => p.id !== s.slow).map((p) => p.id);
  const upstream =
    fastIds.reduce((sum, id) => sum + h.net.peer(id)!.stats().bytesSent - (sentBefore.get(id) ?? 0), 0) /
    fastIds.length /
    ((s.endMs - s.startMs) / 1000);
  await h.run(s.endMs + s.drainMs - h.clock.now());
  h.stop();
  const reference = h.peers.find((p) => p.id !== s.slow)!;
  const epoch = reference.group.epoch;
  const sum = (f: (c: (typeof reference.group)['counters']) => number): number =>
    h.peers.reduce((n, p) => n + f(p.group.counters), 0);
  return {
    roundMs: epoch?.roundMs ?? null,
    k: epoch?.k ?? null,
    epochs: epoch?.epoch ?? null,
    membersAtEnd: epoch?.members.length ?? null,
    slowRemovedAtMs: slowRemovedAt,
    decidedEarlyRatio:
      sum((c) => c.decidedEarly) /
      Math.max(
        1,
        sum((c) => c.decided),
      ),
    givenUpRounds: sum((c) => c.givenUp),
    resyncs: sum((c) => c.resyncs),
    speculative: shown.figures(decided),
    breakdown: breakdown(s, recorder, takenAt),
    // After the last epoch change (R and k adapted, slow member gone): the steady state.
    steady: breakdown(s, recorder, takenAt, timeline.at(-1)?.[0] ?? s.startMs),
    timeline: timeline.map(([at, r, k]) => `${Math.round(at - s.startMs)}ms:R${r}k${k}`).join(' '),
    upstreamBytesPerSecPerPlayer: upstream,
  };
}

/**
 * Where NEO's latency goes, over pairs of players that are not the slow one (inputs produced at
 * or after `from`): the whole latency, from the input to the start of the round that commits
 * it, and from that round's start to its application, as `recorder` has it (since the
 * speculative view: when it was first shown; the names are kept for comparison with older runs).
 */
function breakdown(
  s: Scenario,
  recorder: LatencyRecorder,
  takenAt: ReadonlyMap<number, number>,
  from = Number.NEGATIVE_INFINITY,
): Figures {
  const toRound: number[] = [];
  const roundToApplied: number[] = [];
  const total: number[] = [];
  for (const e of s.inputs) {
    const taken = takenAt.get(e.id);
    if (e.player === s.slow || taken === undefined || e.at < from) continue;
    toRound.push(taken - e.at);
    for (const p of s.players) {
      const at = p === e.player || p === s.slow ? undefined : recorder.appliedAt(e.id, p);
      if (at === undefined) continue;
      roundToApplied.push(at - taken);
      total.push(at - e.at);
    }
  }
  const applied = distribution(roundToApplied);
  return {
    medianMs: distribution(total).median,
    inputToRoundStartMs: distribution(toRound).median,
    roundStartToAppliedMs: applied.median,
    roundStartToAppliedP95Ms: applied.p95,
  };
}
