/**
 * When each input is first shown by a receiver's speculative view (`RoomReplica.speculativeState`,
 * `plugin/spec/room.md`), measured from NEO's `revealed` events, next to when NEO decides and
 * applies it.
 *
 * Why the `revealed` event's time is when the view holds the input: the replica takes the event
 * synchronously (the room wires `group.on('revealed', replica.reveal)`), marks its view stale and
 * re-runs the rounds after the decided state on the next read, with every revealed input of
 * rounds in (applied round, applied round + window]; a game reads the view every frame. So an
 * input revealed for such a round is in the next read's state. One revealed for a round further
 * ahead than the window (a member far behind) is held back: it counts as shown only once the
 * applied round has come within the window. An input never revealed before its round was applied
 * (our copy of its commitment was lost, or its key came after the decision) is shown by the
 * decided state itself, when applied. The view's cost is not in these figures (the game pays it
 * when it reads; `cpu` measures NEO's rounds).
 */
import type { DecidedRound } from '../../src/neo/replicated-state';
import type { RevealedInput } from '../../src/neo/reveals';
import type { PeerId } from '../../src/transport/transport';
import type { Figures } from '../section';
import { decodeInputs } from './input-codec';
import type { LatencyRecorder } from './recorder';
import { oneWay, type Scenario } from './scenario';

interface Pending {
  readonly round: number;
  readonly ids: readonly number[];
}

/** Feeds a "shown" recorder from `revealed` and `applied` events, and checks what it shows. */
export class ShownTracker {
  readonly #s: Scenario;
  readonly #shown: LatencyRecorder;
  readonly #window: number;
  readonly #pending = new Map<PeerId, Pending[]>();
  /** Fastest path for a key from one player to another: direct or through one other player. */
  readonly #path = new Map<string, number>();
  /** Inputs first shown because they were revealed (not by their decision). */
  revealedFirst = 0;
  /** Inputs first shown by their decision (never revealed in time). */
  decidedFirst = 0;
  /** Shown sooner than the key could have travelled from its round's deadline: must stay 0. */
  beforeKeyCouldArrive = 0;

  constructor(s: Scenario, shown: LatencyRecorder, window: number) {
    this.#s = s;
    this.#shown = shown;
    this.#window = window;
  }

  /** A `revealed` event at `receiver` (its applied round `applied`), at virtual time `now`. */
  revealed(receiver: PeerId, r: RevealedInput, applied: number, now: number): void {
    if (r.input === null || r.player === receiver) return;
    const ids = decodeInputs(r.input);
    // The key leaves at the start of round + k; nothing can carry it faster than the network.
    if (now < r.time + r.k * r.roundMs + this.#fastest(r.player, receiver) - 1e-6) this.beforeKeyCouldArrive++;
    if (r.round > applied + this.#window) {
      let list = this.#pending.get(receiver);
      if (list === undefined) {
        list = [];
        this.#pending.set(receiver, list);
      }
      list.push({ round: r.round, ids });
      return;
    }
    this.#show(receiver, ids, now, true);
  }

  /** An `applied` event at `receiver`: held-back reveals now in the window, then the decided inputs. */
  applied(receiver: PeerId, round: DecidedRound, now: number): void {
    const list = this.#pending.get(receiver);
    if (list !== undefined && list.length > 0) {
      const keep: Pending[] = [];
      for (const p of list) {
        if (p.round <= round.round + this.#window) this.#show(receiver, p.ids, now, true);
        else keep.push(p);
      }
      this.#pending.set(receiver, keep);
    }
    for (const { player, input } of round.inputs) {
      if (input !== null && player !== receiver) this.#show(receiver, decodeInputs(input), now, false);
    }
  }

  /**
   * Pairs the view showed (speculatively or decided), and those of them that the decision
   * never applied at that receiver: a speculative input rolled back.
   */
  figures(decided: LatencyRecorder): Figures {
    let shown = 0;
    let mispredicted = 0;
    for (const p of this.#shown.pairs()) {
      if (p.latency === undefined) continue;
      shown++;
      if (decided.appliedAt(p.input.id, p.receiver) === undefined) mispredicted++;
    }
    return {
      shownPairs: shown,
      revealedFirst: this.revealedFirst,
      decidedFirst: this.decidedFirst,
      mispredicted,
      mispredictionRate: shown === 0 ? null : mispredicted / shown,
      beforeKeyCouldArrive: this.beforeKeyCouldArrive,
    };
  }

  #show(receiver: PeerId, ids: readonly number[], now: number, revealed: boolean): void {
    for (const id of ids) {
      if (this.#shown.appliedAt(id, receiver) !== undefined) continue;
      this.#shown.apply(id, receiver, now);
      if (revealed) this.revealedFirst++;
      else this.decidedFirst++;
    }
  }

  #fastest(from: PeerId, to: PeerId): number {
    const key = `${from}>${to}`;
    let d = this.#path.get(key);
    if (d === undefined) {
      const s = this.#s;
      d = oneWay(s, from, to);
      for (const x of s.players) if (x !== from && x !== to) d = Math.min(d, oneWay(s, from, x) + oneWay(s, x, to));
      this.#path.set(key, d);
    }
    return d;
  }
}
