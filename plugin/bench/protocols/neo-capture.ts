/**
 * One recorded NEO run shared by the `cpu` and `wire` sections: 16 members on the scenario's
 * network without the slow player (log-normal pair delays, 2% loss), R = 50 ms (20 rounds/s:
 * NEO's default configuration but with `targetK: 0`, so R is not adapted away from the rate the
 * wire target names; k still adapts), real WebCrypto signatures, and an 8-byte input from every
 * member in every round. It records every message member 0 receives (for the isolated CPU replay) and
 * each member's sent bytes over a steady-state window of {@link WINDOW_ROUNDS} rounds.
 */

import type { Ed25519, SignKeyPair } from '../../src/crypto';
import type { NeoConfig } from '../../src/neo/config';
import type { GroupContext } from '../../src/neo/context';
import type { Epoch } from '../../src/neo/schedule';
import { NeoHarness } from '../../src/neo/testing/harness';
import type { PeerId } from '../../src/transport/transport';
import { decodeMessage } from '../../src/wire/envelope';
import { encodeInputs } from './input-codec';
import { buildScenario } from './scenario';

/** Members of the recorded group. */
export const MEMBERS = 16;
/** Round length, ms (20 rounds per second). */
export const ROUND_MS = 50;
/** Rounds before the measured window (links warm, first decisions applied). */
export const WARMUP_ROUNDS = 20;
/** Rounds in the measured window. */
export const WINDOW_ROUNDS = 200;
/** Message deadline of the founding epoch, rounds (NEO adapts it from there). */
const K0 = 2;
const SEED = 2004;
const T0 = 1000;

/** A message member 0 received: virtual arrival time, sender, bytes. */
export interface CapturedMessage {
  readonly at: number;
  readonly from: PeerId;
  readonly data: Uint8Array;
}

/** Bytes and messages one member sent during the window. */
export interface SentCount {
  readonly bytes: number;
  readonly messages: number;
}

/** What a replay of member 0 needs of the recorded group (the group itself is let go). */
export interface CapturedMember {
  readonly id: PeerId;
  readonly keys: SignKeyPair;
  readonly ed: Ed25519;
  readonly context: GroupContext;
  readonly publicKeyOf: (id: PeerId) => Uint8Array | undefined;
  /** Member 0's state hash after each applied round, hex. */
  readonly hashes: ReadonlyMap<number, string>;
}

/** The recorded run. */
export interface NeoCapture {
  readonly member: CapturedMember;
  readonly seed: number;
  readonly config: Partial<NeoConfig>;
  /** The founding epoch every member started with. */
  readonly epoch0: Epoch;
  /** The input of member `index` for `round` (8 bytes, every round). */
  readonly input: (index: number, round: number) => Uint8Array;
  readonly received: readonly CapturedMessage[];
  /** The window, mid-round to mid-round: [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly sent: ReadonlyMap<PeerId, SentCount>;
  /** Process CPU time of the whole simulated group during the window (every member, the simulator, the harness), ms. */
  readonly groupCpuMs: number;
}

const input = (index: number, round: number): Uint8Array => encodeInputs([round * MEMBERS + index + 1]);

/** A key lookup closing over nothing but `keys` (a closure made inside `record` would hold its whole scope). */
function lookup(keys: ReadonlyMap<PeerId, Uint8Array>): (id: PeerId) => Uint8Array | undefined {
  return (id) => keys.get(id);
}

async function record(): Promise<NeoCapture> {
  const s = buildScenario({ seed: SEED, players: MEMBERS, slowMs: null, durationMs: 0 });
  // R stays at 50 ms (only k adapts): the wire target is stated at 20 rounds per second.
  const config: Partial<NeoConfig> = { targetK: 0 };
  const h = await NeoHarness.create({
    size: MEMBERS,
    seed: SEED,
    latency: s.base,
    loss: s.loss,
    t0: T0,
    roundMs: ROUND_MS,
    k: K0,
    config,
    inputs: input,
  });
  const self = h.peers[0]!;
  const received: CapturedMessage[] = [];
  h.net.peer(self.id)!.on('message', (from, data) => received.push({ at: h.clock.now(), from, data: data.slice() }));
  const fromMs = T0 + (WARMUP_ROUNDS + 0.5) * ROUND_MS;
  const toMs = fromMs + WINDOW_ROUNDS * ROUND_MS;
  const snapshot = (): Map<PeerId, SentCount> =>
    new Map(
      h.peers.map((p) => {
        const st = h.net.peer(p.id)!.stats();
        return [p.id, { bytes: st.bytesSent, messages: st.messagesSent }] as const;
      }),
    );
  await h.run(fromMs - h.clock.now());
  const before = snapshot();
  const cpu0 = process.cpuUsage();
  await h.run(toMs - h.clock.now());
  const cpu = process.cpuUsage(cpu0);
  const after = snapshot();
  // A few more rounds so the window's last rounds are decided and confirmed.
  await h.run(10 * ROUND_MS);
  h.stop();
  const sent = new Map(
    [...after].map(([id, a]) => {
      const b = before.get(id) ?? { bytes: 0, messages: 0 };
      return [id, { bytes: a.bytes - b.bytes, messages: a.messages - b.messages }] as const;
    }),
  );
  const epoch0: Epoch = {
    epoch: 0,
    firstRound: 0,
    t0: T0,
    roundMs: ROUND_MS,
    k: K0,
    members: h.peers.map((p) => p.id),
  };
  const groupCpuMs = (cpu.user + cpu.system) / 1000;
  // Only member 0's keys, context and hashes are kept: the other fifteen members' state (about
  // 20 MB) would otherwise stay live through every replay, and each major collection the
  // replays trigger would mark it again and charge the work to the replayed member.
  const member: CapturedMember = {
    id: self.id,
    keys: self.keys,
    ed: h.ed,
    context: h.context,
    publicKeyOf: lookup(new Map(h.peers.map((p) => [p.id, p.keys.publicKey] as const))),
    hashes: new Map(self.state.hashes),
  };
  return { member, seed: SEED, config, epoch0, input, received, fromMs, toMs, sent, groupCpuMs };
}

let cached: Promise<NeoCapture> | undefined;

/** The recorded run (recorded once per process, on first use). */
export function neoCapture(): Promise<NeoCapture> {
  cached ??= record();
  return cached;
}

/** Bytes and count of the messages member 0 received in the window, by wire message name. */
export function receivedByType(c: NeoCapture): Map<string, { bytes: number; messages: number; sizes: number[] }> {
  const out = new Map<string, { bytes: number; messages: number; sizes: number[] }>();
  for (const m of c.received) {
    if (m.at < c.fromMs || m.at >= c.toMs) continue;
    const decoded = decodeMessage(m.data);
    const name = decoded.ok ? decoded.value.name : 'undecodable';
    let entry = out.get(name);
    if (entry === undefined) {
      entry = { bytes: 0, messages: 0, sizes: [] };
      out.set(name, entry);
    }
    entry.bytes += m.data.byteLength;
    entry.messages++;
    entry.sizes.push(m.data.byteLength);
  }
  return out;
}
