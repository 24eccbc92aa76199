/**
 * Baughman-Levine lockstep on the scenario's SimNetwork: each turn, every player sends a
 * commitment (hash of a nonce and its move) to all, waits for every other player's commitment,
 * then sends the reveal (nonce and move), waits for every reveal, checks each against its
 * commitment, applies the turn and starts the next at once (turns run back to back, as fast as
 * the network lets them). A move is every input produced since the player's previous
 * commitment. Messages travel over {@link ReliableEndpoint} (retransmission on loss), which is
 * what lockstep assumes.
 */
import { hash32 } from '../../src/crypto';
import { type Rng, SeededRng } from '../../src/rng';
import type { PeerId } from '../../src/transport/transport';
import { bytesEqual, concatBytes } from '../../src/util/bytes';
import type { Figures } from '../section';
import { decodeInputs, encodeInputs } from './input-codec';
import type { LatencyRecorder } from './recorder';
import { ReliableEndpoint, rtoMs } from './reliable';
import { oneWay, type Scenario } from './scenario';
import { createSimSetup } from './sim-setup';

const COMMIT = 1;
const REVEAL = 2;
const NONCE_BYTES = 16;

function commitmentOf(nonce: Uint8Array, move: Uint8Array): Uint8Array {
  return hash32(concatBytes(nonce, move)).subarray(0, 16);
}

function frame(type: number, turn: number, ...parts: Uint8Array[]): Uint8Array {
  const head = new Uint8Array(5);
  head[0] = type;
  new DataView(head.buffer).setUint32(1, turn);
  return concatBytes(head, ...parts);
}

/** One lockstep player. */
class LockstepPlayer {
  turn = -1;
  readonly turnStarts: number[] = [];
  readonly #queue: number[] = [];
  #own: { nonce: Uint8Array; move: Uint8Array } | undefined;
  #revealed = false;
  readonly #commits = new Map<number, Map<PeerId, Uint8Array>>();
  readonly #reveals = new Map<number, Map<PeerId, { nonce: Uint8Array; move: Uint8Array }>>();
  readonly #others: readonly PeerId[];
  readonly #link: ReliableEndpoint;

  constructor(
    readonly id: PeerId,
    players: readonly PeerId[],
    endpoint: (onData: (from: PeerId, payload: Uint8Array) => void) => ReliableEndpoint,
    private readonly now: () => number,
    private readonly rng: Rng,
    private readonly recorder: LatencyRecorder,
  ) {
    this.#others = players.filter((p) => p !== id);
    this.#link = endpoint((from, payload) => this.#receive(from, payload));
  }

  get retransmissions(): number {
    return this.#link.retransmissions;
  }

  produce(id: number): void {
    this.#queue.push(id);
  }

  start(): void {
    this.#begin(0);
  }

  stop(): void {
    this.#link.stop();
  }

  #begin(t: number): void {
    this.turn = t;
    this.turnStarts.push(this.now());
    const nonce = Uint8Array.from({ length: NONCE_BYTES }, () => this.rng.int(256));
    const move = encodeInputs(this.#queue.splice(0));
    this.#own = { nonce, move };
    this.#revealed = false;
    this.#broadcast(frame(COMMIT, t, commitmentOf(nonce, move)));
    this.#progress();
  }

  #broadcast(payload: Uint8Array): void {
    for (const p of this.#others) this.#link.send(p, payload);
  }

  #receive(from: PeerId, payload: Uint8Array): void {
    const t = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(1);
    const body = payload.subarray(5);
    if (payload[0] === COMMIT) mapOf(this.#commits, t).set(from, body.slice());
    else mapOf(this.#reveals, t).set(from, { nonce: body.slice(0, NONCE_BYTES), move: body.slice(NONCE_BYTES) });
    if (t === this.turn) this.#progress();
  }

  /** Reveals once every commitment is in; applies the turn once every reveal is in. */
  #progress(): void {
    const t = this.turn;
    const own = this.#own;
    if (own === undefined) return;
    const commits = mapOf(this.#commits, t);
    if (!this.#revealed) {
      if (commits.size < this.#others.length) return;
      this.#revealed = true;
      this.#broadcast(frame(REVEAL, t, own.nonce, own.move));
    }
    const reveals = mapOf(this.#reveals, t);
    if (reveals.size < this.#others.length) return;
    const at = this.now();
    for (const p of this.#others) {
      const r = reveals.get(p)!;
      if (!bytesEqual(commitmentOf(r.nonce, r.move), commits.get(p)!))
        throw new Error(`lockstep: ${p} broke its commitment`);
      for (const id of decodeInputs(r.move)) this.recorder.apply(id, this.id, at);
    }
    this.#commits.delete(t);
    this.#reveals.delete(t);
    this.#begin(t + 1);
  }
}

function mapOf<V>(m: Map<number, Map<PeerId, V>>, t: number): Map<PeerId, V> {
  let inner = m.get(t);
  if (inner === undefined) {
    inner = new Map();
    m.set(t, inner);
  }
  return inner;
}

/** Runs lockstep over the whole scenario (plus its drain time), recording into `recorder`. */
export async function runLockstep(s: Scenario, recorder: LatencyRecorder): Promise<Figures> {
  const { clock, transports } = await createSimSetup(s);
  const rng = new SeededRng(`lockstep-${s.seed}`);
  const players = new Map(
    s.players.map((id) => {
      const transport = transports.get(id)!;
      const endpoint = (onData: (from: PeerId, payload: Uint8Array) => void): ReliableEndpoint =>
        new ReliableEndpoint(transport, clock, (to) => rtoMs(oneWay(s, id, to)), onData);
      return [id, new LockstepPlayer(id, s.players, endpoint, () => clock.now(), rng.fork(), recorder)] as const;
    }),
  );
  const now = clock.now();
  for (const p of players.values()) clock.setTimeout(() => p.start(), s.startMs - now);
  for (const e of s.inputs) clock.setTimeout(() => players.get(e.player)!.produce(e.id), e.at - now);
  clock.runUntil(s.endMs + s.drainMs);
  const list = [...players.values()];
  for (const p of list) p.stop();
  const durations = list.flatMap((p) => p.turnStarts.slice(1).map((at, i) => at - p.turnStarts[i]!));
  return {
    turns: Math.min(...list.map((p) => p.turn)),
    turnMs: { mean: durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length) },
    retransmissions: list.reduce((n, p) => n + p.retransmissions, 0),
  };
}
