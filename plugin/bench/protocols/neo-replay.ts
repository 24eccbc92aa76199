/**
 * One NEO member's round work in isolation: a fresh replica of member 0 of the recorded run
 * (same keys, same secrets, same inputs, same configuration but for `verify`) on its own virtual
 * clock, fed exactly the messages member 0 received, at the times it received them. Everything it
 * does is NEO's real code path (round timer, commit, sign, send, decode, verify, tally, decide,
 * apply); only its process's CPU time is measured, over the recorded window.
 */
import { flushMicrotasks, VirtualClock } from '../../src/clock';
import { createSigner } from '../../src/crypto';
import { createNeoGroup, type NeoGroup } from '../../src/neo/group';
import { LogState } from '../../src/neo/testing/log-state';
import { SeededRng } from '../../src/rng';
import type { NeoCapture } from './neo-capture';
import { ReplayTransport } from './replay-transport';

/** What one replay measured. */
export interface ReplayResult {
  /** Rounds in the window. */
  readonly rounds: number;
  /** Process CPU time (user + system, every thread) per round, ms. */
  readonly cpuMsPerRound: number;
  /** Wall time per round, ms. */
  readonly wallMsPerRound: number;
  /** Signatures verified per round. */
  readonly verifiedPerRound: number;
  /** Rounds of the window the replica applied, and whether its state hash matched member 0's at each. */
  readonly compared: number;
  readonly agrees: boolean;
}

/** Replays member 0 of `capture` with signature checking `verify` ('all': every message; 'lazy': NEO's default). */
export async function replayMember(capture: NeoCapture, verify: 'all' | 'lazy'): Promise<ReplayResult> {
  const h = capture.harness;
  const original = h.peers[0]!;
  const clock = new VirtualClock(500);
  const transport = new ReplayTransport(original.id, capture.epoch0.members);
  const state = new LogState((round) => capture.input(0, round), capture.epoch0.firstRound);
  const secrets = new SeededRng(`${capture.seed}-${original.id}`);
  const created = createNeoGroup({
    transport,
    clock,
    rng: new SeededRng(`${capture.seed}-rng-${original.id}`),
    ed: h.ed,
    signer: await createSigner(h.ed, original.keys),
    context: h.context,
    membership: { publicKeyOf: h.publicKeyOf },
    state,
    start: { epoch: capture.epoch0 },
    config: { ...capture.config, verify },
    randomBytes: (n) => Uint8Array.from({ length: n }, () => secrets.int(256)),
  });
  if (!created.ok) throw created.error;
  const group = created.value;
  for (const m of capture.received) clock.setTimeout(() => transport.deliver(m.from, m.data), m.at - clock.now());
  group.start();
  await runTo(group, clock, capture.fromMs);
  const verified0 = group.counters.verified;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await runTo(group, clock, capture.toMs);
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const verified = group.counters.verified - verified0;
  group.stop();
  const rounds = Math.round((capture.toMs - capture.fromMs) / capture.epoch0.roundMs);
  let compared = 0;
  let agrees = true;
  for (const [round, hash] of state.hashes) {
    const t = capture.epoch0.t0 + round * capture.epoch0.roundMs;
    if (t < capture.fromMs || t >= capture.toMs) continue;
    compared++;
    if (original.state.hashes.get(round) !== hash) agrees = false;
  }
  return {
    rounds,
    cpuMsPerRound: (cpu.user + cpu.system) / 1000 / rounds,
    wallMsPerRound: wall / rounds,
    verifiedPerRound: verified / rounds,
    compared,
    agrees: agrees && compared > 0,
  };
}

/** Fires the clock's timers up to `t` one by one, letting the member's signature work finish in between. */
async function runTo(group: NeoGroup, clock: VirtualClock, t: number): Promise<void> {
  for (;;) {
    await group.idle();
    await flushMicrotasks(4);
    const next = clock.nextAt();
    if (next === undefined || next > t) break;
    clock.runUntil(next);
  }
  clock.runUntil(t);
  await group.idle();
}
