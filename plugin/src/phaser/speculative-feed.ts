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

/** What the feed reads of a zone of quadtree groups (`GroupsZoneRoom`): its own leaf speculated, merged with the others. */
interface SpeculativeMerge {
  readonly speculativeRound?: number;
  speculativeStateAt?(path: readonly PathKey[]): unknown;
}

/** Where a frame's speculative values come from: the round they stand at, and the value at a path. */
interface Source {
  readonly round: number;
  at(path: readonly PathKey[]): unknown;
}

function sourceOf(room: AnyZoneRoom): Source | undefined {
  if (typeof (room as { stateAt?: unknown }).stateAt === 'function') {
    // Quadtree groups: one leaf's handle would hide the avatars across a border.
    const merge = room as SpeculativeMerge;
    const round = merge.speculativeRound;
    if (typeof merge.speculativeStateAt !== 'function' || typeof round !== 'number') return undefined;
    return { round, at: (path) => merge.speculativeStateAt?.(path) };
  }
  const h = room.room as SpeculativeHandle;
  const round = h.speculativeRound;
  if (typeof round !== 'number') return undefined;
  const state = h.speculativeState;
  return { round, at: (path) => getAt(state, path) };
}

/**
 * Feeds bindings declared `speculative: true` from the room's speculative view, and keeps their
 * render time. Each frame, when the view's round or a bound collection changed, it stamps the
 * bound collections at that round's start time (`roundTime`) into the bindings' speculative
 * samples. The render time trails the newest speculative round's arrival by
 * `interpolationRounds + k` rounds: the view's newest rounds hold our own input at once but the
 * others' only once their keys came, k rounds and a link later. A zone of quadtree groups
 * speculates its own leaf and merges it with the leaves it observes (`speculativeStateAt`); rooms
 * without a speculative view feed nothing: their bindings show decided states.
 */
export class SpeculativeFeed {
  readonly #playout = new PlayoutClock({ delayMs: 0 });
  #round: number | undefined;
  /** The bound collections last fed, by binding position (immer shares unchanged ones). */
  #values: unknown[] = [];

  /** Sets the render delay, ms (interpolation rounds plus k, times R). */
  setDelay(ms: number): void {
    this.#playout.setDelay(ms);
  }

  /** Forgets the room (a zone switch): the next one starts afresh. */
  reset(): void {
    this.#playout.reset();
    this.#round = undefined;
    this.#values = [];
  }

  /** Feeds what changed; returns the speculative render time (undefined: none, show decided). */
  frame(room: AnyZoneRoom, bindings: readonly FedBinding[], now: number): number | undefined {
    if (!bindings.some((b) => b.decl.speculative === true)) return undefined;
    const src = sourceOf(room);
    if (src === undefined) return undefined;
    const values = bindings.map((b) =>
      b.decl.speculative === true ? src.at(b.decl.path as readonly PathKey[]) : undefined,
    );
    const changed =
      src.round !== this.#round ||
      values.length !== this.#values.length ||
      values.some((v, i) => v !== this.#values[i]);
    if (changed) {
      const stamp = room.roundTime(src.round);
      if (stamp === undefined) return undefined;
      if (src.round !== this.#round) this.#playout.observe(stamp, now);
      this.#round = src.round;
      this.#values = values;
      bindings.forEach((b, i) => {
        if (b.decl.speculative === true) b.runtime?.speculate(values[i], stamp);
      });
    }
    return this.#playout.renderTime(now);
  }
}
