/**
 * One round timeline for the game across the player's groups. Each group numbers its own rounds:
 * a split keeps the numbering (the children start at the transition round), but a handoff into
 * another group, a rejoin or a founding starts another count, which may be lower. The plugin's
 * interpolation and prediction need rounds that only go up, so each group gets an offset, fixed
 * at the first round we see of it: none while its rounds go on above everything shown so far,
 * else the shift that puts that round right after the last one shown.
 */
export class RoundMap<G extends object> {
  readonly #offsets = new WeakMap<G, number>();
  #last = Number.NEGATIVE_INFINITY;

  /** The game's round for round `q` of group `g` (fixes `g`'s offset on first use). */
  toGame(g: G, q: number): number {
    let off = this.#offsets.get(g);
    if (off === undefined) {
      off = q > this.#last ? 0 : this.#last + 1 - q;
      this.#offsets.set(g, off);
    }
    const out = q + off;
    if (out > this.#last) this.#last = out;
    return out;
  }

  /** Round `r` of the game's timeline as a round of group `g`, once `g`'s offset is fixed. */
  toGroup(g: G, r: number): number | undefined {
    const off = this.#offsets.get(g);
    return off === undefined ? undefined : r - off;
  }

  /** The offset of `g`, if fixed. */
  offsetOf(g: G): number | undefined {
    return this.#offsets.get(g);
  }

  /** The highest game round handed out. */
  get last(): number {
    return this.#last;
  }
}
