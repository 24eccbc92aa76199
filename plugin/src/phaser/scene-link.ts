import type { Item, Rect } from '../zone';
import { Emitter, type Off } from './events';
import type { GameLink } from './game-link';
import { destroyObject } from './game-objects';
import { InputSampler } from './input-sampler';
import { expandRect, ItemsView, sameRect } from './items-view';
import { checkBinding, checkItemsShow, checkSample, type ResolvedViewOptions } from './options';
import { buildOverlayModel, type OverlayModel } from './overlay-model';
import { SceneEntities } from './scene-entities';
import type {
  AnyZoneRoom,
  EntityBindingDecl,
  EntityBindingHandle,
  ItemsShowOptions,
  P2PEvents,
  SampleOptions,
} from './types';

/**
 * One scene's use of the game link: its entity bindings, input samplers, item view, overlay,
 * camera feed and event listeners. It lives as long as the scene's plugin; `start()` and
 * `shutdown()` follow the scene's own start and shutdown, and a shutdown drops everything the
 * scene registered (its `create()` registers again on restart) while the game link, the session
 * and the zone room stay. Phaser is reached only through {@link SceneHost}. The bindings and
 * their per-frame feed are a {@link SceneEntities}.
 */

/** What the scene link needs from the Phaser scene. */
export interface SceneHost {
  /** The main camera's world view now (`undefined` when there is none). */
  worldView(): Rect | undefined;
  /** Makes the overlay's drawing (called once, when first shown). */
  createOverlay(): OverlayView;
  /** Calls `fn` when key `key` (a Phaser key name) goes down; returns the unbinding function. */
  bindKey(key: string, fn: () => void): Off;
}

/** The drawing of the overlay. */
export interface OverlayView {
  draw(model: OverlayModel): void;
  setVisible(visible: boolean): void;
  destroy(): void;
}

/** Redraw the overlay at most this often, ms (it is text and lines, but info() is not free). */
export const OVERLAY_REDRAW_MS = 200;
/** Re-query the items in view at most this often, ms. */
export const ITEMS_SYNC_MS = 100;

/** See the module comment. */
export class SceneLink {
  readonly events: Emitter<P2PEvents>;
  readonly #link: GameLink;
  readonly #host: SceneHost;
  readonly #entities: SceneEntities;
  readonly #sampler: InputSampler;
  readonly #counters: Record<string, number> = {};
  readonly #warned = new Set<string>();
  #itemsOptions: ItemsShowOptions<unknown> | undefined;
  #items: ItemsView<unknown> | undefined;
  #room: AnyZoneRoom | undefined;
  #offs: Off[] = [];
  #roomOffs: Off[] = [];
  #interest: Rect | undefined;
  #itemsSyncedAt = Number.NEGATIVE_INFINITY;
  #overlay: OverlayView | undefined;
  #overlayDrawnAt = Number.NEGATIVE_INFINITY;
  #active = false;
  #started = false;
  #overlayKey: string | false = false;
  #overlayKeyOff: Off | undefined;

  constructor(link: GameLink, host: SceneHost) {
    this.#link = link;
    this.#host = host;
    this.events = new Emitter<P2PEvents>((error, event) => this.#callbackError(error, `events.${event}`));
    this.#entities = new SceneEntities({
      view: () => link.view,
      record: (round, positions) => link.history.record(round, positions),
      callbackError: (error, where) => this.#callbackError(error, where),
    });
    this.#sampler = new InputSampler({
      onSent: (type, payload, round) => this.#entities.inputSent(type, payload, round, this.#sampler.types()[0]),
      onError: (error, type) => this.#callbackError(error, `input.sample(${type})`),
    });
  }

  /** The zone room this scene shows. */
  get room(): AnyZoneRoom | undefined {
    return this.#room;
  }

  /** Whether this scene uses the network (joined, bound or showed items): only such scenes feed the camera. */
  get active(): boolean {
    return this.#active;
  }

  /** The scene started (first time or after a restart): follow the game link again. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const ev = this.#link.events;
    this.#offs.push(
      ev.on('progress', (s) => this.events.emit('progress', s)),
      ev.on('phase', (p) => this.events.emit('phase', p)),
      ev.on('error', (e) => this.events.emit('error', e)),
      ev.on('joined', (r) => this.events.emit('joined', r)),
      ev.on('room', (r) => {
        this.#setRoom(r);
        this.events.emit('room', r);
      }),
      this.#link.provide({
        entities: () => this.#entities.decided(),
        overlayVisible: () => this.#link.overlayVisible,
        counters: () => this.#pluginCounters(),
      }),
    );
    this.#setRoom(this.#link.room);
  }

  /** The scene shut down (stop or restart): drop what it registered; the session and room stay. */
  shutdown(): void {
    if (!this.#started) return;
    this.#started = false;
    for (const off of this.#offs.splice(0)) off();
    this.#setRoom(undefined);
    this.#entities.forget();
    this.#sampler.clear();
    this.#itemsOptions = undefined;
    this.#overlay?.destroy();
    this.#overlay = undefined;
    this.#bindOverlayKey(false);
    this.#active = false;
    this.events.clear();
  }

  /**
   * Marks the scene as the one that shows the network (camera feed, overlay key). `view` is the
   * view options of a `join()` about to run (its overlay key), default the link's current ones.
   */
  activate(view: ResolvedViewOptions = this.#link.view): void {
    if (!this.#started) return;
    this.#bindOverlayKey(view.overlayKey);
    if (this.#active) return;
    this.#active = true;
    this.#showOverlay(this.#link.overlayVisible);
  }

  #bindOverlayKey(key: string | false): void {
    if (key === this.#overlayKey) return;
    this.#overlayKeyOff?.();
    this.#overlayKeyOff = key === false ? undefined : this.#host.bindKey(key, () => this.toggleOverlay());
    this.#overlayKey = key;
  }

  // --- entities ------------------------------------------------------------------------------

  /** `this.p2p.entities.bind(decl)`. */
  bind<E extends object, O, I = unknown>(decl: EntityBindingDecl<E, O, I>): EntityBindingHandle<O> {
    checkBinding(decl);
    return this.#entities.bind<E, O, I>(decl, () => this.activate());
  }

  // --- input ---------------------------------------------------------------------------------

  /** `this.p2p.input.sample(type, fn, options)`. */
  sample<P>(type: string, fn: () => P | undefined, options?: SampleOptions): Off {
    const { every } = checkSample(type, fn, options);
    return this.#sampler.sample(type, fn, every);
  }

  // --- items ---------------------------------------------------------------------------------

  /** `this.p2p.items.show(options)`: replaces any earlier `show`. */
  showItems<O>(options: ItemsShowOptions<O>): void {
    checkItemsShow(options);
    this.hideItems();
    this.#itemsOptions = options as ItemsShowOptions<unknown>;
    this.activate();
    this.#itemsSyncedAt = Number.NEGATIVE_INFINITY;
  }

  /** Stops showing items (destroys their objects). */
  hideItems(): void {
    this.#items?.clear();
    this.#items = undefined;
    this.#itemsOptions = undefined;
  }

  /** The items shown, by id. */
  shownItems(): readonly string[] {
    return this.#items?.ids() ?? [];
  }

  // --- overlay -------------------------------------------------------------------------------

  /** Shows or hides the overlay; returns whether it is now visible. */
  toggleOverlay(): boolean {
    this.#showOverlay(!this.#link.overlayVisible);
    return this.#link.overlayVisible;
  }

  /** Shows (`true`) or hides the overlay. */
  setOverlayVisible(visible: boolean): void {
    this.#showOverlay(visible);
  }

  // --- per frame -----------------------------------------------------------------------------

  /** The scene's `update`: places bound objects (interpolated, predicted). */
  frame(): void {
    this.#entities.frame(this.#sampler.round);
  }

  /** The scene's `postupdate`: camera interest, items in view, overlay. */
  postFrame(): void {
    const room = this.#room;
    if (room === undefined || !this.#active) return;
    const view = this.#host.worldView();
    if (!sameRect(view, this.#interest)) {
      this.#interest = view;
      room.setInterest(view);
    }
    const now = room.now();
    if (this.#itemsOptions !== undefined && view !== undefined && now - this.#itemsSyncedAt >= ITEMS_SYNC_MS) {
      this.#itemsSyncedAt = now;
      const area = expandRect(view, this.#link.view.itemMargin);
      this.#itemsView().sync(room.items.inRect(area), area);
    }
    if (this.#link.overlayVisible && now - this.#overlayDrawnAt >= OVERLAY_REDRAW_MS) {
      this.#overlayDrawnAt = now;
      this.#drawOverlay(room);
    }
  }

  // --- internals -----------------------------------------------------------------------------

  #setRoom(room: AnyZoneRoom | undefined): void {
    if (room === this.#room) return;
    if (this.#room !== undefined) {
      for (const off of this.#roomOffs.splice(0)) off();
      this.#sampler.detach();
      this.#entities.detach();
      this.#items?.clear();
      this.#interest = undefined;
    }
    this.#room = room;
    if (room === undefined) return;
    this.#entities.attach(room);
    this.#sampler.attach({
      onBeforeInput: (fn) => room.onBeforeInput(fn),
      send: (type, payload) => room.room.send(type, payload),
    });
    this.#roomOffs.push(room.onApplied((round, time) => this.#entities.applied(room, round, time)));
    this.#itemsSyncedAt = Number.NEGATIVE_INFINITY;
    this.#entities.showNow();
  }

  #pluginCounters(): Record<string, number> {
    return {
      ...this.#counters,
      ...prefixed('input.', this.#sampler.counters),
      ...prefixed('bind.', this.#entities.counters()),
    };
  }

  #itemsView(): ItemsView<unknown> {
    if (this.#items === undefined) {
      const o = this.#itemsOptions!;
      this.#items = new ItemsView<unknown>(
        {
          create: (item: Item) => o.create(item),
          destroy: (obj, item) => (o.destroy ? o.destroy(obj, item) : destroyObject(obj)),
        },
        (error, where) => this.#callbackError(error, where),
      );
    }
    return this.#items;
  }

  #showOverlay(visible: boolean): void {
    this.#link.overlayVisible = visible;
    if (!this.#active) return;
    if (visible && this.#overlay === undefined) this.#overlay = this.#host.createOverlay();
    this.#overlay?.setVisible(visible);
    this.#overlayDrawnAt = Number.NEGATIVE_INFINITY;
    if (visible && this.#room !== undefined) this.#drawOverlay(this.#room);
  }

  #drawOverlay(room: AnyZoneRoom): void {
    if (this.#overlay === undefined) return;
    const session = this.#link.session;
    const self = room.room.self;
    const model = buildOverlayModel(room.info(), {
      self,
      nameOf: (id) => (id === self ? session?.name : (session?.peers().find((p) => p.id === id)?.name ?? undefined)),
    });
    try {
      this.#overlay.draw(model);
    } catch (error) {
      this.#callbackError(error, 'overlay.draw');
    }
  }

  #callbackError(error: unknown, where: string): void {
    this.#counters.callbackErrors = (this.#counters.callbackErrors ?? 0) + 1;
    // A throwing `callbackError` listener is only warned about, not reported to itself again.
    if (where !== 'events.callbackError' && this.events.listenerCount('callbackError') > 0) {
      this.events.emit('callbackError', error, where);
    } else if (!this.#warned.has(where)) {
      // Said once per place: a callback failing every frame must not flood the console.
      this.#warned.add(where);
      console.warn(`[p2p] ${where} threw; the plugin goes on without it.`, error);
    }
  }
}

function prefixed(prefix: string, counters: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(counters)) if (typeof v === 'number') out[prefix + k] = v;
  return out;
}
