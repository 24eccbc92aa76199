import { type FieldValues, readFields, SampleBuffer } from './interpolation';
import { LocalPredictor, type PredictClock } from './prediction';

/**
 * The entity binding reconciler: keeps one game object per entity of a `Record<id, entity>` in
 * the room state. Each applied round it diffs the record against the objects it has (create the
 * new, update the changed, destroy the gone, each exactly once) and stamps every entity's
 * numeric fields into its interpolation buffer; each frame it places remote objects at the
 * interpolated point and the local player's at its prediction. Game objects are reached only
 * through an {@link EntityPort}, so this runs (and is tested) without Phaser.
 */

/** How the binding touches game objects (the Phaser layer implements it over the game's callbacks). */
export interface EntityPort<E, O> {
  create(id: string, entity: E): O;
  update(obj: O, entity: E, id: string): void;
  destroy(obj: O, id: string): void;
  place(obj: O, values: FieldValues, id: string): void;
}

/** What a frame needs: the render time of remote entities, the present for the local one. */
export interface BindingFrame {
  /** Render time on the decided timeline (`PlayoutClock.renderTime`); `undefined` holds objects where they are. */
  readonly renderTime: number | undefined;
  /** The present, for prediction; `undefined` shows the local entity like a remote one. */
  readonly predict: PredictClock | undefined;
  /**
   * Render time on the speculative timeline: remote entities fed by {@link EntityBinding.speculate}
   * are placed from those samples instead (undefined: from the decided ones).
   */
  readonly speculativeTime?: number | undefined;
}

/** Options of {@link EntityBinding}. */
export interface EntityBindingOptions<E, I> {
  /** Numeric fields interpolated and predicted. */
  readonly fields: readonly string[];
  /** The local player's id: its entity is predicted when `predict` is given. */
  readonly localId?: string;
  /** The game's movement function for the local entity. */
  readonly predict?: (entity: E, input: I, dtMs: number) => E;
  readonly blendMs?: number;
  readonly snapDistance?: number;
  /** A game callback threw (the binding went on without it). */
  readonly onError?: (error: unknown, where: string) => void;
}

/** Counters of a binding. */
export interface BindingCounters {
  created: number;
  destroyed: number;
  /** Entities that were not objects, or lacked a finite numeric field: not created or not moved that round. */
  malformed: number;
  /** Game callbacks that threw. */
  callbackErrors: number;
}

interface Entry<E, O> {
  readonly obj: O;
  readonly buffer: SampleBuffer;
  entity: E;
  values: FieldValues | undefined;
  shown: E;
  /** Samples from the speculative view, once fed. */
  spec?: SampleBuffer;
}

function entriesOf(collection: unknown): [string, unknown][] {
  if (typeof collection !== 'object' || collection === null) return [];
  return Object.entries(collection);
}

/** One binding's live objects. See the module comment. */
export class EntityBinding<E extends object, O, I = unknown> {
  readonly #port: EntityPort<E, O>;
  readonly #fields: readonly string[];
  readonly #localId: string | undefined;
  readonly #predictor: LocalPredictor<E, I> | undefined;
  readonly #onError: ((error: unknown, where: string) => void) | undefined;
  readonly #entries = new Map<string, Entry<E, O>>();
  readonly #counters: BindingCounters = { created: 0, destroyed: 0, malformed: 0, callbackErrors: 0 };

  constructor(port: EntityPort<E, O>, o: EntityBindingOptions<E, I>) {
    this.#port = port;
    this.#fields = [...o.fields];
    this.#localId = o.localId;
    this.#onError = o.onError;
    if (o.predict !== undefined && o.localId !== undefined) {
      this.#predictor = new LocalPredictor<E, I>({
        predict: o.predict,
        fields: o.fields,
        ...(o.blendMs === undefined ? {} : { blendMs: o.blendMs }),
        ...(o.snapDistance === undefined ? {} : { snapDistance: o.snapDistance }),
        onError: (e) => this.#failed(e, 'local.predict'),
      });
    }
  }

  /** Counters since creation. */
  get counters(): Readonly<BindingCounters> {
    return { ...this.#counters };
  }

  /** The local predictor, when the local entity is predicted. */
  get predictor(): LocalPredictor<E, I> | undefined {
    return this.#predictor;
  }

  /** The game object of entity `id`. */
  get(id: string): O | undefined {
    return this.#entries.get(id)?.obj;
  }

  /** Ids of the entities that have an object. */
  ids(): string[] {
    return [...this.#entries.keys()];
  }

  /** The newest decided field values of every entity, by id. */
  decided(): Record<string, FieldValues> {
    const out: Record<string, FieldValues> = {};
    for (const [id, e] of this.#entries) if (e.values !== undefined) out[id] = e.values;
    return out;
  }

  /** A local input was sent for `round` (fed to the prediction). */
  input(round: number, input: I): void {
    this.#predictor?.input(round, input);
  }

  /**
   * The collection as of applied round `round`, whose start is `stamp` on the synchronised
   * clock: creates, updates and destroys objects, and stamps positions.
   */
  apply(collection: unknown, round: number, stamp: number): void {
    const seen = new Set<string>();
    for (const [id, raw] of entriesOf(collection)) {
      seen.add(id);
      if (typeof raw !== 'object' || raw === null) {
        this.#counters.malformed++;
        continue;
      }
      const entity = raw as E;
      const values = readFields(entity, this.#fields);
      if (values === undefined) this.#counters.malformed++;
      const isLocal = id === this.#localId && this.#predictor !== undefined;
      let entry = this.#entries.get(id);
      if (entry === undefined) {
        entry = this.#create(id, entity, values);
        if (entry === undefined) continue;
      } else if (entry.entity !== entity) {
        entry.entity = entity;
        if (!isLocal) {
          entry.shown = entity;
          this.#call('update', () => this.#port.update(entry!.obj, entity, id));
        }
      }
      if (values !== undefined) {
        entry.values = values;
        entry.buffer.push(stamp, values);
      }
      if (isLocal) this.#predictor!.decided(round, entity);
    }
    for (const id of [...this.#entries.keys()]) {
      if (!seen.has(id)) this.#remove(id);
    }
  }

  /**
   * The collection as the room's speculative view shows it at the round stamped `stamp`: stamps
   * the numeric fields of remote entities that have an object into their speculative samples.
   * Objects are still created, updated and destroyed from decided rounds only ({@link apply}), and
   * the local entity stays predicted.
   */
  speculate(collection: unknown, stamp: number): void {
    for (const [id, raw] of entriesOf(collection)) {
      const entry = this.#entries.get(id);
      if (entry === undefined || typeof raw !== 'object' || raw === null) continue;
      if (id === this.#localId && this.#predictor !== undefined) continue;
      const values = readFields(raw as E, this.#fields);
      if (values === undefined) continue;
      entry.spec ??= new SampleBuffer(this.#fields);
      entry.spec.push(stamp, values);
    }
  }

  /** Places every object for this frame. */
  frame(f: BindingFrame): void {
    for (const [id, entry] of this.#entries) {
      if (id === this.#localId && this.#predictor !== undefined && f.predict !== undefined) {
        const p = this.#predictor.frame(f.predict);
        if (p === undefined) continue;
        this.#call('place', () => this.#port.place(entry.obj, p.values, id));
        if (p.entity !== entry.shown) {
          entry.shown = p.entity;
          this.#call('update', () => this.#port.update(entry.obj, p.entity, id));
        }
        continue;
      }
      const spec = entry.spec !== undefined && f.speculativeTime !== undefined;
      const time = spec ? f.speculativeTime : f.renderTime;
      if (time === undefined) continue;
      const values = (spec ? entry.spec! : entry.buffer).sample(time);
      if (values !== undefined) this.#call('place', () => this.#port.place(entry.obj, values, id));
    }
  }

  /** Destroys every object (each once) and forgets all state; the binding can be fed again. */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.#remove(id);
    this.#predictor?.reset();
  }

  #create(id: string, entity: E, values: FieldValues | undefined): Entry<E, O> | undefined {
    let obj: O;
    try {
      obj = this.#port.create(id, entity);
    } catch (error) {
      this.#failed(error, 'create');
      return undefined;
    }
    const entry: Entry<E, O> = { obj, buffer: new SampleBuffer(this.#fields), entity, values, shown: entity };
    this.#entries.set(id, entry);
    this.#counters.created++;
    // Put it where it is at once: the first frame may come before the interpolation has two samples.
    if (values !== undefined) this.#call('place', () => this.#port.place(obj, values, id));
    return entry;
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#counters.destroyed++;
    this.#call('destroy', () => this.#port.destroy(entry.obj, id));
  }

  #call(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#failed(error, where);
    }
  }

  #failed(error: unknown, where: string): void {
    this.#counters.callbackErrors++;
    this.#onError?.(error, where);
  }
}
