import type { EntityBinding } from './bindings';
import type { Positions } from './debug-handle';
import { bindingFromDecl } from './game-objects';
import { PlayoutClock } from './interpolation';
import type { ResolvedViewOptions } from './options';
import { shownStateAt } from './room-view';
import { SpeculativeFeed } from './speculative-feed';
import type { AnyZoneRoom, EntityBindingDecl, EntityBindingHandle } from './types';

/** What {@link SceneEntities} needs from its scene link. */
export interface SceneEntitiesHost {
  /** The game link's current view options (interpolation rounds, blend, snap distance). */
  view(): ResolvedViewOptions;
  /** Keeps an applied round's decided positions (the debug handle's history). */
  record(round: number, positions: Positions): void;
  /** A game callback threw at `where`. */
  callbackError(error: unknown, where: string): void;
}

interface BindingSlot {
  readonly decl: EntityBindingDecl<object, unknown, unknown>;
  runtime: EntityBinding<object, unknown, unknown> | undefined;
}

/**
 * One scene's entity bindings and what feeds them: each binding's reconciler in the room the
 * scene shows, the decided rounds as they are applied, the playout clock that trails them by
 * `interpolationRounds` (its delay follows the round length measured from the rounds' stamps),
 * the speculative feed, and each frame's placement (interpolated, predicted from our inputs).
 */
export class SceneEntities {
  readonly #host: SceneEntitiesHost;
  readonly #slots: BindingSlot[] = [];
  #room: AnyZoneRoom | undefined;
  #playout = new PlayoutClock({ delayMs: 0 });
  readonly #spec = new SpeculativeFeed();
  #roundMs: number | undefined;
  #lastApplied: { round: number; time: number } | undefined;

  constructor(host: SceneEntitiesHost) {
    this.#host = host;
  }

  /**
   * Adds a binding and, when a room is shown, shows its state through it at once. `listed` runs
   * once the binding is listed, before any of its objects are made.
   */
  bind<E extends object, O, I>(decl: EntityBindingDecl<E, O, I>, listed: () => void): EntityBindingHandle<O> {
    const slot: BindingSlot = { decl: decl as unknown as BindingSlot['decl'], runtime: undefined };
    this.#slots.push(slot);
    listed();
    const room = this.#room;
    if (room !== undefined) {
      slot.runtime = this.#makeRuntime(slot.decl, room);
      this.#applyNow(room, slot);
      this.#setSpecDelay(room);
    }
    return {
      get: (id) => slot.runtime?.get(id) as O | undefined,
      ids: () => slot.runtime?.ids() ?? [],
      unbind: () => {
        const i = this.#slots.indexOf(slot);
        if (i >= 0) this.#slots.splice(i, 1);
        slot.runtime?.clear();
        slot.runtime = undefined;
      },
    };
  }

  /** Drops every binding (the scene shut down: its `create()` binds again on restart). */
  forget(): void {
    this.#slots.length = 0;
  }

  /** The scene shows `room` from now on: a reconciler per binding, timed by the room's round length. */
  attach(room: AnyZoneRoom): void {
    this.#room = room;
    this.#roundMs = room.info().roundMs;
    this.#playout = new PlayoutClock({ delayMs: this.#host.view().interpolationRounds * this.#roundMs });
    this.#setSpecDelay(room);
    for (const slot of this.#slots) slot.runtime = this.#makeRuntime(slot.decl, room);
  }

  /** Shows the attached room's current state through every binding. */
  showNow(): void {
    const room = this.#room;
    if (room === undefined) return;
    for (const slot of this.#slots) this.#applyNow(room, slot);
  }

  /** The scene leaves its room: the bindings' objects are destroyed and the timing forgotten. */
  detach(): void {
    for (const slot of this.#slots) {
      slot.runtime?.clear();
      slot.runtime = undefined;
    }
    this.#playout.reset();
    this.#spec.reset();
    this.#lastApplied = undefined;
    this.#room = undefined;
  }

  /** `room` applied a decided round stamped `time`. */
  applied(room: AnyZoneRoom, round: number, time: number): void {
    if (room !== this.#room) return;
    const last = this.#lastApplied;
    if (last !== undefined && round > last.round && time > last.time) {
      // The round length from consecutive stamps: adapts with the group's R, costs nothing.
      this.#roundMs = (time - last.time) / (round - last.round);
      this.#playout.setDelay(this.#host.view().interpolationRounds * this.#roundMs);
      this.#setSpecDelay(room);
    }
    this.#lastApplied = { round, time };
    this.#playout.observe(time, room.now());
    for (const slot of this.#slots) slot.runtime?.apply(shownStateAt(room, slot.decl.path), round, time);
    if (this.#slots.length > 0) this.#host.record(round, this.decided());
  }

  /** Places the bound objects for this frame; `round` is the input sampler's (for prediction). */
  frame(round: number | undefined): void {
    const room = this.#room;
    if (room === undefined) return;
    const now = room.now();
    const renderTime = this.#playout.renderTime(now);
    const speculativeTime = this.#spec.frame(room, this.#slots, now);
    const roundMs = this.#roundMs;
    const predict =
      round === undefined || roundMs === undefined
        ? undefined
        : { round, roundStart: room.roundTime(round) ?? now, roundMs, now };
    for (const slot of this.#slots) slot.runtime?.frame({ renderTime, predict, speculativeTime });
  }

  /** An input was sent: the local bindings predicting from its type take it (`firstType`: the default). */
  inputSent(type: string, payload: unknown, round: number, firstType: string | undefined): void {
    for (const slot of this.#slots) {
      const local = slot.decl.local;
      if (local !== undefined && (local.input ?? firstType) === type) slot.runtime?.input(round, payload);
    }
  }

  /** The bindings' counters, summed. */
  counters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const slot of this.#slots) {
      for (const [k, v] of Object.entries(slot.runtime?.counters ?? {})) {
        if (typeof v === 'number') out[k] = (out[k] ?? 0) + v;
      }
    }
    return out;
  }

  /** The decided positions of every bound entity. */
  decided(): Positions {
    const out: Record<string, Positions[string]> = {};
    for (const slot of this.#slots) Object.assign(out, slot.runtime?.decided());
    return out;
  }

  #makeRuntime(decl: BindingSlot['decl'], room: AnyZoneRoom): EntityBinding<object, unknown, unknown> {
    return bindingFromDecl(decl, room.room.self, this.#host.view(), (error, where) =>
      this.#host.callbackError(error, `bind(${decl.path.join('.')}).${where}`),
    );
  }

  /** Shows the room's current state at once (a binding made, or a room entered, between rounds). */
  #applyNow(room: AnyZoneRoom, slot: BindingSlot): void {
    const round = room.room.round;
    const time = room.roundTime(round) ?? room.now();
    slot.runtime?.apply(shownStateAt(room, slot.decl.path), round, time);
  }

  /** Speculative bindings render `interpolationRounds + k` rounds behind (see `speculative-feed.ts`). */
  #setSpecDelay(room: AnyZoneRoom): void {
    if (!this.#slots.some((b) => b.decl.speculative === true)) return;
    this.#spec.setDelay((this.#host.view().interpolationRounds + room.info().k) * (this.#roundMs ?? 0));
  }
}
