import type { RoundFields } from './codec';

/** A round message accepted into the table (its wire body is `toBody(tag, fields, sig)`). */
export interface StoredMessage {
  readonly fields: RoundFields;
  /** The sender's signature over `signingPayload(fields)`. */
  readonly sig: Uint8Array;
  /** Our clock when it arrived. */
  readonly receivedAt: number;
  /** Received from its sender itself (not forwarded). */
  readonly direct: boolean;
  /** Its signature was checked and holds. */
  verified: boolean;
  /** Cache: the commitment its reveal opens (for `fields.revealRound`); null without a reveal. */
  revealOpens?: Uint8Array | null;
  /** Cache: the commitment its echo opens (for `fields.revealRound - 1`); null without a usable echo. */
  echoOpens?: Uint8Array | null;
  /** Cache: the echo's secret, `chainPrev(fields.secret)`, once `echoOpens` is computed and not null. */
  echoSecret?: Uint8Array;
}

/** Accepted round messages by round and sender index: the evidence every decision is computed from. */
export class RoundTable {
  readonly #rounds = new Map<number, (StoredMessage | undefined)[]>();

  get(round: number, sender: number): StoredMessage | undefined {
    return this.#rounds.get(round)?.[sender];
  }

  set(round: number, sender: number, msg: StoredMessage): void {
    let slots = this.#rounds.get(round);
    if (slots === undefined) {
      slots = [];
      this.#rounds.set(round, slots);
    }
    slots[sender] = msg;
  }

  /** Messages of one round (sparse, by sender index). */
  round(round: number): readonly (StoredMessage | undefined)[] {
    return this.#rounds.get(round) ?? [];
  }

  /** Forgets every round below `round`. */
  pruneBelow(round: number): void {
    for (const r of this.#rounds.keys()) if (r < round) this.#rounds.delete(r);
  }

  /** Forgets every round above `round`. */
  pruneAbove(round: number): void {
    for (const r of this.#rounds.keys()) if (r > round) this.#rounds.delete(r);
  }

  /** Rounds held. */
  get size(): number {
    return this.#rounds.size;
  }
}
