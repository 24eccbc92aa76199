import { getAt, type PathKey } from '../room/paths';
import type { EntityBinding } from './bindings';
import { PlayoutClock } from './interpolation';
import type { AnyZoneRoom, EntityBindingDecl } from './types';

/** A binding as the scene holds it: its declaration and its reconciler (while a room is there). */
export interface FedBinding {
  readonly decl: EntityBindingDecl<object, unknown, unknown>;
  readonly runtime: EntityBinding<object, unknown, unknown> | undefined;
}

/** What the feed reads of a room handle: the speculative view (`RoomHandle`). */
interface SpeculativeHandle {
  readonly speculativeState?: unknown;
  readonly speculativeRound?: number;
}

/**
 * Feeds bindings declared `speculative: true` from the room's speculative view, and keeps their
 * render time. Each frame, when the view's round or state changed, it stamps the bound collection
 * at that round's start time (`roundTime`) into the bindings' speculative samples. The render
 * time trails the newest speculative round's arrival by `interpolationRounds + k` rounds: the
 * view's newest rounds hold our own input at once but the others' only once their keys came, k
 * rounds and a link later. Zones of quadtree groups (which merge observed leaves, `stateAt`) and
 * rooms without a speculative view feed nothing: their bindings show decided states.
 */
export class SpeculativeFeed {
  readonly #playout = new PlayoutClock({ delayMs: 0 });
  #round: number | undefined;
  #state: unknown;

  /** Sets the render delay, ms (interpolation rounds plus k, times R). */
  setDelay(ms: number): void {
    this.#playout.setDelay(ms);
  }

  /** Forgets the room (a zone switch): the next one starts afresh. */
  reset(): void {
    this.#playout.reset();
    this.#round = undefined;
    this.#state = undefined;
  }

  /** Feeds what changed; returns the speculative render time (undefined: none, show decided). */
  frame(room: AnyZoneRoom, bindings: readonly FedBinding[], now: number): number | undefined {
    if (!bindings.some((b) => b.decl.speculative === true)) return undefined;
    if (typeof (room as { stateAt?: unknown }).stateAt === 'function') return undefined;
    const h = room.room as SpeculativeHandle;
    const round = h.speculativeRound;
    if (typeof round !== 'number') return undefined;
    const state = h.speculativeState;
    if (round !== this.#round || state !== this.#state) {
      const stamp = room.roundTime(round);
      if (stamp === undefined) return undefined;
      if (round !== this.#round) this.#playout.observe(stamp, now);
      this.#round = round;
      this.#state = state;
      for (const b of bindings) {
        if (b.decl.speculative === true) b.runtime?.speculate(getAt(state, b.decl.path as readonly PathKey[]), stamp);
      }
    }
    return this.#playout.renderTime(now);
  }
}
