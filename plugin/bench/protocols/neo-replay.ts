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
  const original = capture.member;
  const clock = new VirtualClock(500);
  const transport = new ReplayTransport(original.id, capture.epoch0.members);
  const state = new LogState((round) => capture.input(0, round), capture.epoch0.firstRound);
  const secrets = new SeededRng(`${capture.seed}-${original.id}`);
  const created = createNeoGroup({
    transport,
    clock,
    rng: new SeededRng(`${capture.seed}-rng-${original.id}`),
    ed: original.ed,
    signer: await createSigner(original.ed, original.keys),
    context: original.context,
    membership: { publicKeyOf: original.publicKeyOf },
    state,
    start: { epoch: capture.epoch0 },
    config: { ...capture.config, verify },
    randomBytes: (n) => Uint8Array.from({ length: n }, () => secrets.int(256)),
  });
  if (!created.ok) throw created.error;
  const group = created.value;
  feed(capture, clock, transport);
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
    if (original.hashes.get(round) !== hash) agrees = false;
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

/**
 * Delivers the recorded messages at their recorded times through one pending timer at a time
 * (thousands of timers set up front would live long enough for the collector to copy them, and
 * that cost would count as NEO's).
 */
function feed(capture: NeoCapture, clock: VirtualClock, transport: ReplayTransport): void {
  const messages = capture.received;
  let next = 0;
  const fire = (): void => {
    while (next < messages.length && messages[next]!.at <= clock.now()) {
      const m = messages[next++]!;
      transport.deliver(m.from, m.data);
    }
    if (next < messages.length) clock.setTimeout(fire, messages[next]!.at - clock.now());
  };
  if (messages.length > 0) clock.setTimeout(fire, messages[0]!.at - clock.now());
}

/**
 * The replay's own cost, without NEO: the same virtual clock, the same delivery timers for every
 * recorded message and the same timer loop, into a transport nobody listens on. CPU ms per
 * round of the window; it is included in {@link ReplayResult.cpuMsPerRound} (not subtracted).
 */
export async function replayBaseline(capture: NeoCapture): Promise<number> {
  const clock = new VirtualClock(500);
  const transport = new ReplayTransport(capture.member.id, capture.epoch0.members);
  feed(capture, clock, transport);
  const idle = { busy: false, idle: () => Promise.resolve() };
  await runTo(idle, clock, capture.fromMs);
  const cpu0 = process.cpuUsage();
  await runTo(idle, clock, capture.toMs);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / Math.round((capture.toMs - capture.fromMs) / capture.epoch0.roundMs);
}

/**
 * Fires the clock's timers up to `t` one by one, letting the member's signature work finish in
 * between. The replay's own promise churn counts in the measured CPU, so it only waits when the
 * member has asynchronous work pending (most timers deliver a message that is handled at once).
 */
async function runTo(group: Pick<NeoGroup, 'busy' | 'idle'>, clock: VirtualClock, t: number): Promise<void> {
  const settle = async (): Promise<void> => {
    while (group.busy) {
      await group.idle();
      await flushMicrotasks(4);
    }
  };
  for (;;) {
    if (group.busy) await settle();
    const next = clock.nextAt();
    if (next === undefined || next > t) break;
    clock.runUntil(next);
  }
  clock.runUntil(t);
  await settle();
}
