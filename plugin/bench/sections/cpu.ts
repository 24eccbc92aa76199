import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createSigner, type HashBackend, loadFastHash } from '../../src/crypto';
import { selectHashBackend } from '../../src/crypto/hash';
import { MEMBERS, neoCapture, ROUND_MS, receivedByType, WINDOW_ROUNDS } from '../protocols/neo-capture';
import { type ReplayResult, replayBaseline, replayMember } from '../protocols/neo-replay';
import type { BenchSection, Figures } from '../section';
import { compareInterleaved, median, timeSync } from '../timing';

/**
 * Measured replays per verification mode (the median is reported, with the spread). Each mode
 * runs as a block after unmeasured warm-up replays: a replay leaves garbage that the collector's
 * background threads sweep during the next one, and process.cpuUsage counts every thread, so
 * alternating modes charged the heavy strict replays' garbage to the light lazy ones. The lazy
 * block alternates the two SHA-512 implementations (same garbage, so alternating is fair). The
 * first replays after the recording run slower (the recording's garbage is still being swept,
 * call sites tuned for the simulated transport re-tune for the replay's), hence four warm-ups.
 */
const REPEATS = { lazy: 9, all: 3 } as const;
const WARMUP = 4;
/** The target for one member's round, ms of CPU. */
const TARGET_MS = 0.5;

function summary(results: readonly ReplayResult[]): Figures {
  const cpu = results.map((r) => r.cpuMsPerRound);
  return {
    roundMsPerPlayer: median(cpu),
    minMs: Math.min(...cpu),
    maxMs: Math.max(...cpu),
    wallMsPerRound: median(results.map((r) => r.wallMsPerRound)),
    verifiedPerRound: median(results.map((r) => r.verifiedPerRound)),
  };
}

/** Base64url without padding (a JWK's `x`). */
const base64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/**
 * `cpu.roundMsPerPlayer`: the CPU time (process.cpuUsage: every thread, so WebCrypto's work
 * counts) of one member's round at 16 members with real crypto (commit, sign, check the 15
 * incoming messages, decide, apply), through NEO's own code: member 0 of a recorded 16-member
 * run replayed in isolation. The headline is NEO's default mode (`lazy`: direct messages on
 * authenticated links are used at once, 1/64 of them audited, forwards verified); `strict` is
 * `verify: 'all'` (every signature checked before use), whose floor is fifteen Ed25519
 * verifications: `ed25519` shows them through WebCrypto and, for scale, through Node's
 * synchronous native call (the difference is WebCrypto's per-call overhead). `replayHarnessMs`
 * is the replay loop's own share of both figures (measured without NEO, not subtracted).
 */
export const cpuSection: BenchSection = {
  name: 'cpu',
  description: `CPU time of one NEO member's round at ${MEMBERS} members (real Ed25519, replayed in isolation)`,
  async run() {
    const capture = await neoCapture();
    const hash = await loadFastHash();
    const replay = async (mode: 'lazy' | 'all', backend: HashBackend): Promise<ReplayResult> => {
      selectHashBackend(backend);
      try {
        return await replayMember(capture, mode);
      } finally {
        selectHashBackend(hash);
      }
    };
    const lazy: ReplayResult[] = [];
    const lazyPortable: ReplayResult[] = [];
    for (let i = 0; i < WARMUP; i++) await replay('lazy', i % 2 === 0 ? hash : 'tweetnacl');
    for (let i = 0; i < REPEATS.lazy; i++) {
      // Alternate which goes first, so drift hits both alike.
      const order: HashBackend[] = i % 2 === 0 ? [hash, 'tweetnacl'] : ['tweetnacl', hash];
      for (const b of order) (b === hash ? lazy : lazyPortable).push(await replay('lazy', b));
    }
    const all: ReplayResult[] = [];
    for (let i = 0; i < WARMUP; i++) await replay('all', hash);
    for (let i = 0; i < REPEATS.all; i++) all.push(await replay('all', hash));
    const baseline = median([
      await replayBaseline(capture),
      await replayBaseline(capture),
      await replayBaseline(capture),
    ]);
    const relaxed = summary(lazy);
    const relaxedPortable = summary(lazyPortable);
    const strict = summary(all);
    // Ed25519 on a payload the size of a typical round message.
    const rounds = receivedByType(capture).get('neoRound');
    const size = rounds === undefined ? 200 : Math.round(median(rounds.sizes));
    const h = capture.member;
    const keys = h.keys;
    const signer = await createSigner(h.ed, keys);
    const payload = capture.received[0]?.data.slice(0, size) ?? new Uint8Array(size);
    const sig = await signer.sign(payload);
    const nodeKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url(keys.publicKey) },
      format: 'jwk',
    });
    const ms = await compareInterleaved(
      [
        { name: 'sign', batch: 100, warmup: 100, op: () => signer.sign(payload) },
        { name: 'verify', batch: 100, warmup: 100, op: () => h.ed.verify(keys.publicKey, payload, sig) },
        { name: 'native', batch: 100, warmup: 100, sync: true, op: () => nodeVerify(null, payload, nodeKey, sig) },
      ],
      10,
    );
    const signMs = ms.sign ?? Number.NaN;
    const verifyMs = ms.verify ?? Number.NaN;
    const nativeMs = ms.native ?? timeSync(() => nodeVerify(null, payload, nodeKey, sig), 100);
    const lazyMs = relaxed.roundMsPerPlayer as number;
    const strictMs = strict.roundMsPerPlayer as number;
    return {
      members: MEMBERS,
      roundMs: ROUND_MS,
      mode: 'lazy',
      hash,
      roundMsPerPlayer: lazyMs,
      lazy: relaxed,
      // The same replays with tweetnacl's SHA-512 (what a page refusing WebAssembly runs), interleaved.
      lazyTweetnaclHash: {
        ...relaxedPortable,
        ratioToHeadline: (relaxedPortable.roundMsPerPlayer as number) / lazyMs,
      },
      strict: { ...strict, fifteenVerifiesMs: 15 * verifyMs, fifteenNativeVerifiesMs: 15 * nativeMs },
      replayHarnessMs: baseline,
      ed25519: {
        payloadBytes: size,
        signMs,
        verifyMs,
        nativeVerifyMs: nativeMs,
        webCryptoOverheadPerVerifyMs: verifyMs - nativeMs,
        signPlus15VerifyMs: signMs + 15 * verifyMs,
      },
      wholeGroup: { cpuMsPerMemberRound: capture.groupCpuMs / (MEMBERS * WINDOW_ROUNDS) },
      replay: {
        rounds: all[0]?.rounds ?? 0,
        comparedRounds: all[0]?.compared ?? 0,
        agreesWithRecordedMember: [...all, ...lazy, ...lazyPortable].every((r) => r.agrees),
      },
      target: { roundMsPerPlayer: TARGET_MS, met: lazyMs <= TARGET_MS, strictMet: strictMs <= TARGET_MS },
    };
  },
};
