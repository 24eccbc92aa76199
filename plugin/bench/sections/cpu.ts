import { createSigner } from '../../src/crypto';
import { MEMBERS, neoCapture, ROUND_MS, receivedByType, WINDOW_ROUNDS } from '../protocols/neo-capture';
import { type ReplayResult, replayMember } from '../protocols/neo-replay';
import type { BenchSection } from '../section';
import { compareInterleaved, median } from '../timing';

/** Replays per verification mode (alternated; the median is reported). */
const REPEATS = 3;
/** The target for one member's round, ms of CPU. */
const TARGET_MS = 0.5;

function summary(results: readonly ReplayResult[]): { cpu: number; wall: number; verified: number } {
  return {
    cpu: median(results.map((r) => r.cpuMsPerRound)),
    wall: median(results.map((r) => r.wallMsPerRound)),
    verified: median(results.map((r) => r.verifiedPerRound)),
  };
}

/**
 * `cpu.roundMsPerPlayer`: the CPU time of one member's round at 16 members with real crypto
 * (commit, sign, verify the 15 incoming messages, decide, apply), through NEO's own code: member
 * 0 of a recorded 16-member run replayed in isolation with `verify: 'all'`. Also NEO's default
 * (`lazy`: direct messages on authenticated links are spot-checked, not all verified), the
 * Ed25519 costs behind it, and the whole simulated group's CPU for comparison.
 */
export const cpuSection: BenchSection = {
  name: 'cpu',
  description: `CPU time of one NEO member's round at ${MEMBERS} members (real Ed25519, replayed in isolation)`,
  async run() {
    const capture = await neoCapture();
    const all: ReplayResult[] = [];
    const lazy: ReplayResult[] = [];
    for (let i = 0; i < REPEATS; i++) {
      if (i % 2 === 0) {
        all.push(await replayMember(capture, 'all'));
        lazy.push(await replayMember(capture, 'lazy'));
      } else {
        lazy.push(await replayMember(capture, 'lazy'));
        all.push(await replayMember(capture, 'all'));
      }
    }
    const strict = summary(all);
    const relaxed = summary(lazy);
    // Ed25519 on a payload the size of a typical round message.
    const rounds = receivedByType(capture).get('neoRound');
    const size = rounds === undefined ? 200 : Math.round(median(rounds.sizes));
    const h = capture.harness;
    const keys = h.peers[0]!.keys;
    const signer = await createSigner(h.ed, keys);
    const payload = capture.received[0]?.data.slice(0, size) ?? new Uint8Array(size);
    const sig = await signer.sign(payload);
    const ms = await compareInterleaved(
      [
        { name: 'sign', batch: 100, warmup: 100, op: () => signer.sign(payload) },
        { name: 'verify', batch: 100, warmup: 100, op: () => h.ed.verify(keys.publicKey, payload, sig) },
      ],
      10,
    );
    const signMs = ms.sign ?? Number.NaN;
    const verifyMs = ms.verify ?? Number.NaN;
    return {
      members: MEMBERS,
      roundMs: ROUND_MS,
      roundMsPerPlayer: strict.cpu,
      wallMsPerRound: strict.wall,
      verifiedPerRound: strict.verified,
      lazy: { roundMsPerPlayer: relaxed.cpu, wallMsPerRound: relaxed.wall, verifiedPerRound: relaxed.verified },
      ed25519: {
        payloadBytes: size,
        signMs,
        verifyMs,
        signPlus15VerifyMs: signMs + 15 * verifyMs,
      },
      wholeGroup: { cpuMsPerMemberRound: capture.groupCpuMs / (MEMBERS * WINDOW_ROUNDS) },
      replay: {
        rounds: all[0]?.rounds ?? 0,
        comparedRounds: all[0]?.compared ?? 0,
        agreesWithRecordedMember: [...all, ...lazy].every((r) => r.agrees),
      },
      target: { roundMsPerPlayer: TARGET_MS, met: strict.cpu <= TARGET_MS },
    };
  },
};
