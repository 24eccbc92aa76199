import { B } from '../../src/neo/codec';
import { decodeMessage } from '../../src/wire/envelope';
import { decodeRoundBody } from '../../src/wire/messages/neo-round-layout';
import { MEMBERS, type NeoCapture, neoCapture, ROUND_MS, receivedByType } from '../protocols/neo-capture';
import type { BenchSection, Figures } from '../section';
import { median } from '../timing';

/** The target for one member's upstream, bytes per second (48 KB, decimal). */
const TARGET_BYTES_PER_SEC = 48_000;
/**
 * Per-packet overhead of a WebRTC data channel message on IPv4, for the estimate only: IP 20 +
 * UDP 8 + DTLS 1.2 record header 13 + AES-GCM nonce and tag 24 + SCTP common header 12 + DATA
 * chunk header 16 bytes. The measured figures are payload bytes, as the SimNetwork counts them.
 */
const PACKET_OVERHEAD_BYTES = 93;

/** Where the bytes of a recorded round message of about `target` bytes go (raw field bytes; the rest is header and framing). */
function composition(c: NeoCapture, target: number): Figures | null {
  let m: Uint8Array | undefined;
  for (const x of c.received) {
    if (x.at < c.fromMs || x.at >= c.toMs) continue;
    if (m === undefined || Math.abs(x.data.byteLength - target) < Math.abs(m.byteLength - target)) m = x.data;
  }
  const decoded = m === undefined ? undefined : decodeMessage(m);
  if (decoded === undefined || !decoded.ok || decoded.value.name !== 'neoRound') return null;
  const parsed = decodeRoundBody(decoded.value.body);
  if (!parsed.ok) return null;
  const body = parsed.value;
  const len = (v: unknown): number => (v instanceof Uint8Array ? v.byteLength : 0);
  // A plaintext's input bytes (its header and any control operations count as framing).
  const plain = (v: unknown): number => (Array.isArray(v) ? len(v[1]) : len(v));
  const parts: Figures = {
    signature: len(body[B.sig]),
    commit: len(body[B.commit]),
    secret: len(body[B.secret]),
    report: len(body[B.report]),
    votes: len(body[B.votes]) + len(body[B.echoVotes]),
    plaintext: plain(body[B.plaintext]),
    echo: plain(body[B.echo]),
  };
  const fields = Object.values(parts).reduce<number>((a, b) => a + (typeof b === 'number' ? b : 0), 0);
  return { bytes: m!.byteLength, ...parts, framing: m!.byteLength - fields };
}

/**
 * NEO's wire cost at 16 members and 20 rounds/s, from the recorded run (an 8-byte input from
 * every member every round, 2% loss): the mean encoded size of a round message as NEO's own
 * encoder wrote it, that size x 15 recipients x 20, and the upstream actually measured from the
 * SimNetwork's byte counters (round messages plus fetches, forwards and anything else).
 */
export const wireSection: BenchSection = {
  name: 'wire',
  description: `NEO bytes per round message and upstream per player at ${MEMBERS} members, ${1000 / ROUND_MS} rounds/s`,
  async run() {
    const c = await neoCapture();
    const seconds = (c.toMs - c.fromMs) / 1000;
    const byType = receivedByType(c);
    const rounds = byType.get('neoRound');
    if (rounds === undefined || rounds.messages === 0) throw new Error('wire: no round messages recorded');
    const bytesPerMessage = rounds.bytes / rounds.messages;
    const perPlayer = [...c.sent.values()];
    const upstream = perPlayer.map((s) => s.bytes / seconds);
    const messages = perPlayer.map((s) => s.messages / seconds);
    const measured = upstream.reduce((a, b) => a + b, 0) / upstream.length;
    const messagesPerSec = messages.reduce((a, b) => a + b, 0) / messages.length;
    const received: Figures = {};
    for (const [name, t] of byType) received[name] = t.bytes / seconds;
    return {
      members: MEMBERS,
      roundsPerSec: 1000 / ROUND_MS,
      inputBytes: 8,
      bytesPerMessage,
      bytesPerMessageMedian: median(rounds.sizes),
      messageComposition: composition(c, median(rounds.sizes)),
      upstreamBytesPerSecPerPlayer: measured,
      upstreamMaxBytesPerSecPerPlayer: Math.max(...upstream),
      upstreamMultipliedBytesPerSec: bytesPerMessage * (MEMBERS - 1) * (1000 / ROUND_MS),
      messagesPerSecPerPlayer: messagesPerSec,
      receivedBytesPerSecByType: received,
      withPacketHeaders: {
        overheadBytesPerPacket: PACKET_OVERHEAD_BYTES,
        upstreamBytesPerSecPerPlayer: measured + messagesPerSec * PACKET_OVERHEAD_BYTES,
      },
      target: { upstreamBytesPerSec: TARGET_BYTES_PER_SEC, met: measured <= TARGET_BYTES_PER_SEC },
    };
  },
};
