import { hash32 } from '../crypto/hash';
import { concatBytes } from '../util/bytes';

/** Rounds per key-chain segment (a protocol constant: proofs about echoes depend on it). */
export const CHAIN_SEGMENT = 64;
/** Bytes of a reveal secret. */
export const SECRET_BYTES = 16;

const DOMAIN = new TextEncoder().encode('neo-chain-v1');

/**
 * The secret of the round before: s(q) = hash32("neo-chain-v1" || s(q + 1)), first 16 bytes.
 * Revealing s(q + 1) therefore also reveals s(q), so a lost key is recovered from the next
 * round's message (one round later) instead of by a fetch.
 */
export function chainPrev(secret: Uint8Array): Uint8Array {
  return hash32(concatBytes(DOMAIN, secret)).subarray(0, SECRET_BYTES);
}

/** Whether s(q) follows from s(q + 1): both rounds lie in the same segment. */
export function chainLinks(q: number): boolean {
  return (q + 1) % CHAIN_SEGMENT !== 0;
}

/**
 * A member's reveal secrets, one hash chain per segment of {@link CHAIN_SEGMENT} rounds: the
 * segment's last secret is random, every earlier one is the hash of its successor. Secrets are
 * never revealed before their round's deadline, and each reveals only earlier ones.
 */
export class SecretChain {
  readonly #random: (n: number) => Uint8Array;
  readonly #segments = new Map<number, Uint8Array[]>();

  constructor(random: (n: number) => Uint8Array) {
    this.#random = random;
  }

  /** The secret of `round`. */
  secret(round: number): Uint8Array {
    const seg = Math.floor(round / CHAIN_SEGMENT);
    let chain = this.#segments.get(seg);
    if (chain === undefined) {
      chain = new Array<Uint8Array>(CHAIN_SEGMENT);
      let s = this.#random(SECRET_BYTES);
      chain[CHAIN_SEGMENT - 1] = s;
      for (let i = CHAIN_SEGMENT - 2; i >= 0; i--) {
        s = chainPrev(s);
        chain[i] = s;
      }
      this.#segments.set(seg, chain);
      // Two segments cover every round still being revealed (k is far below a segment).
      for (const old of this.#segments.keys()) if (old < seg - 1) this.#segments.delete(old);
    }
    return chain[round - seg * CHAIN_SEGMENT]!;
  }
}
