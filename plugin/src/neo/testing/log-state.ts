import { hash32 } from '../../crypto/hash';
import { err, ok, type Result } from '../../util/result';
import { decodeValue, encodeCanonical } from '../../wire/codec';
import type { DecidedRound, ReplicatedState, RestoreError } from '../replicated-state';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex (the double runs once per round in benchmarks: a table, not `padStart` per byte). */
function hex(bytes: Uint8Array, length = bytes.length): string {
  let s = '';
  for (let i = 0; i < length; i++) s += HEX[bytes[i]!]!;
  return s;
}

/** A decided round as the double logs it: one comparable string. */
export function summarize(r: DecidedRound): string {
  let inputs = '';
  for (const i of r.inputs) inputs += `${inputs === '' ? '' : ','}${i.player}=${i.input === null ? '-' : hex(i.input)}`;
  return `${r.epoch}|${r.round}|+${r.joined.join('+')}|-${r.left.join('-')}|${inputs}|${hex(r.seed, 8)}`;
}

const ascii = new TextEncoder();
let scratch = new Uint8Array(1024);

/** A reused buffer for the hash input (a fresh one each round would live outside V8's heap). */
function hashInput(length: number): Uint8Array {
  if (length > scratch.length) scratch = new Uint8Array(2 * length);
  return scratch.subarray(0, length);
}

interface Entry {
  readonly round: number;
  readonly hash: Uint8Array;
}

/**
 * A trivial {@link ReplicatedState} for tests: the state is a hash chain over every decided round
 * (so equal hashes mean equal decisions, round by round), with the full log kept for assertions.
 */
export class LogState implements ReplicatedState {
  /** Every applied round's summary, by round (truncated by rewinds, started by restores). */
  readonly log = new Map<number, string>();
  /** The state hash after every applied round, hex. */
  readonly hashes = new Map<number, string>();
  /** Inputs handed to NEO, by round. */
  readonly taken = new Map<number, Uint8Array>();
  /** Times `rewind` / `restore` were used. */
  rewinds = 0;
  restores = 0;
  #history: Entry[];
  #retain = 8;

  constructor(
    private readonly input: (round: number) => Uint8Array | null,
    startRound = 0,
  ) {
    this.#history = [{ round: startRound - 1, hash: hash32(new TextEncoder().encode('neo-log-state')) }];
  }

  get #current(): Entry {
    return this.#history[this.#history.length - 1]!;
  }

  /** The last applied round. */
  get round(): number {
    return this.#current.round;
  }

  takeInput(round: number): Uint8Array | null {
    const v = this.input(round);
    if (v !== null) this.taken.set(round, v);
    return v;
  }

  apply(round: DecidedRound): Uint8Array {
    if (round.round <= this.#current.round) throw new Error(`apply(${round.round}) after ${this.#current.round}`);
    const text = summarize(round);
    // The ids and hex are ASCII: one byte per character, written after the previous hash.
    const buf = hashInput(32 + text.length);
    buf.set(this.#current.hash, 0);
    ascii.encodeInto(text, buf.subarray(32));
    const hash = hash32(buf);
    this.#history.push({ round: round.round, hash });
    if (this.#history.length > this.#retain + 1) this.#history.splice(0, this.#history.length - this.#retain - 1);
    this.log.set(round.round, text);
    this.hashes.set(round.round, hex(hash));
    return hash.slice();
  }

  stateHash(): Uint8Array {
    return this.#current.hash.slice();
  }

  snapshot(): Uint8Array {
    return encodeCanonical([this.#current.round, this.#current.hash]);
  }

  restore(snapshot: Uint8Array, round: number): Result<Uint8Array, RestoreError> {
    const v = decodeValue(snapshot);
    if (!v.ok || !Array.isArray(v.value) || v.value[0] !== round || !(v.value[1] instanceof Uint8Array)) {
      return err({ message: 'bad snapshot' });
    }
    const hash = v.value[1].slice();
    this.#history = [{ round, hash }];
    // The whole state is replaced: earlier log entries no longer describe it.
    this.log.clear();
    this.hashes.clear();
    this.hashes.set(round, hex(hash));
    this.restores++;
    return ok(hash.slice());
  }

  rewind(round: number): boolean {
    const i = this.#history.findIndex((e) => e.round === round);
    if (i < 0) return false;
    this.#history.length = i + 1;
    for (const r of [...this.log.keys()]) if (r > round) this.log.delete(r);
    for (const r of [...this.hashes.keys()]) if (r > round) this.hashes.delete(r);
    this.rewinds++;
    return true;
  }

  retainRounds(count: number): void {
    this.#retain = count;
  }
}
