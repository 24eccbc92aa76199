/**
 * Prints what one NEO member costs: CPU per member per round (real WebCrypto signatures, the
 * whole simulated process, so an upper bound), bytes per round message and upstream per member.
 * Run: npx tsx plugin/src/neo/testing/measure.ts [members] [rounds]
 * Scenario: log-normal one-way delays (median 40 ms), one member at 400 ms, 2% loss, 20 rounds/s,
 * a 4-byte input from every member every round.
 */
import { logNormalLatency } from '../../transport/sim/latency';
import { acceptance, agreement } from './checks';
import { NeoHarness, peerId } from './harness';

const members = Number(process.argv[2] ?? 16);

/** Signatures made and checked by all members so far. */
function crypto(h: NeoHarness): { signs: number; verifies: number } {
  let signs = 0;
  let verifies = 0;
  for (const p of h.peers) {
    signs += p.group.counters.roundsSent;
    verifies += p.group.counters.verified;
  }
  return { signs, verifies };
}
const rounds = Number(process.argv[3] ?? 300);

const timing = { ms: 0 };
const h = await NeoHarness.create({
  timing,
  size: members,
  seed: 4,
  latency: logNormalLatency({ seed: 4, medianMs: 40 }),
  jitterMs: 10,
  loss: 0.02,
  roundMs: 50,
  k: 3,
  inputs: (i, r) => Uint8Array.of(i, r & 0xff, (r >> 8) & 0xff, 7),
  // R stays at 50 ms (20 rounds/s) so the figures compare with the wire target; k still adapts.
  config: { timeoutRounds: 100_000, targetK: 0 },
});
for (let i = 1; i < members; i++) h.net.setLinkLatency(peerId(0), peerId(i), 400);
const fast = h.live().slice(1);
await h.waitForRound(40, fast);
const sentBefore = fast.map((p) => p.transport.stats());
const cpu0 = process.cpuUsage();
const busy0 = timing.ms;
const ops0 = crypto(h);
const wall0 = performance.now();
const r0 = fast[0]!.group.appliedRound!;
await h.waitForRound(r0 + rounds, fast);
const cpu = process.cpuUsage(cpu0);
const busy = timing.ms - busy0;
const ops = crypto(h);
const wall = performance.now() - wall0;
const r1 = fast[0]!.group.appliedRound!;
const played = r1 - r0;
const upstream = fast.map((p, i) => p.transport.stats().bytesSent - sentBefore[i]!.bytesSent);
const msgs = fast.map((p, i) => p.transport.stats().messagesSent - sentBefore[i]!.messagesSent);
const bytesPerMessage = upstream.reduce((a, b) => a + b, 0) / msgs.reduce((a, b) => a + b, 0);
const upPerSecond = upstream.reduce((a, b) => a + b, 0) / fast.length / ((played * 50) / 1000);
const delays: number[] = [];
for (const p of fast) for (let r = r0; r < r1; r++) delays.push(p.appliedAt.get(r)! - (1000 + r * 50));
delays.sort((a, b) => a - b);
const pct = (q: number): number => delays[Math.floor(q * (delays.length - 1))]!;
const acc = acceptance(fast, fast[0]!, r0, r1 - 5);
const c = fast[0]!.group.counters;
console.log(
  JSON.stringify(
    {
      members,
      rounds: played,
      k: fast[0]!.group.epoch?.k,
      cpuMsPerMemberRound: {
        wholeProcess: +((cpu.user + cpu.system) / 1000 / (played * members)).toFixed(3),
        // Main-thread time in NEO's handlers and timers (includes the state double's apply), plus
        // the signatures made and checked (about 0.08 and 0.12 ms of CPU each on these machines).
        neoHandlers: +(busy / (played * members)).toFixed(3),
        signsPerRound: +((ops.signs - ops0.signs) / (played * members)).toFixed(2),
        verifiesPerRound: +((ops.verifies - ops0.verifies) / (played * members)).toFixed(2),
        estimate: +(
          (busy + 0.08 * (ops.signs - ops0.signs) + 0.12 * (ops.verifies - ops0.verifies)) /
          (played * members)
        ).toFixed(3),
      },
      wallMsPerRound: +(wall / played).toFixed(2),
      bytesPerMessage: +bytesPerMessage.toFixed(1),
      upstreamBytesPerSecondPerMember: Math.round(upPerSecond),
      roundStartToApplyMs: { p50: +pct(0.5).toFixed(1), p95: +pct(0.95).toFixed(1) },
      acceptedRatioFast: +acc.ratio.toFixed(4),
      agreementMismatches: agreement(h.live()).mismatches.length,
      member1: {
        decidedEarly: c.decidedEarly,
        decided: c.decided,
        fetches: c.fetchesSent,
        forwards: c.forwardsSent,
        verified: c.verified,
      },
    },
    null,
    1,
  ),
);
h.stop();
