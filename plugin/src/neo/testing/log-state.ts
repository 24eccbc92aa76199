import { hash32 } from '../../crypto/hash';
import { concatBytes, toHex } from '../../util/bytes';
import { err, ok, type Result } from '../../util/result';
import { decodeValue, encodeCanonical } from '../../wire/codec';
import type { DecidedRound, ReplicatedState, RestoreError } from '../replicated-state';

/** A decided round as the double logs it: one comparable string. */
export function summarize(r: DecidedRound): string {
  const inputs = r.inputs.map((i) => `${i.player}=${i.input === null ? '-' : toHex(i.input)}`).join(',');
  return `${r.epoch}|${r.round}|+${r.joined.join('+')}|-${r.left.join('-')}|${inputs}|${toHex(r.seed).slice(0, 16)}`;
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
    const hash = hash32(concatBytes(this.#current.hash, encodeCanonical(text)));
    this.#history.push({ round: round.round, hash });
    if (this.#history.length > this.#retain + 1) this.#history.splice(0, this.#history.length - this.#retain - 1);
    this.log.set(round.round, text);
    this.hashes.set(round.round, toHex(hash));
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
    this.hashes.set(round, toHex(hash));
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
