// The one runtime import of Phaser in the package. Only the `phaser-p2p-mmo/phaser` entry loads
// this file; the root entry stays Phaser-free, so Node code (servers, tests, simulations) can use it.
import * as PhaserRuntime from 'phaser';
import type { RoomDefinition } from '../room/types';
import { openSession, type Session } from '../session';
import type { Result } from '../util/result';
import { type Item, joinZone, type ZoneDef, type ZoneRoom } from '../zone';
import { joinZoneGroups } from '../zone-groups';
import type { P2PJoinError } from './errors';
import type { Emitter } from './events';
import type { GameLink } from './game-link';
import { viewRect } from './game-objects';
import { forgetLink, linkFor } from './link-registry';
import { type AnyJoinOptions, checkJoinOptions, checkSwitchZone } from './options';
import { PhaserOverlay } from './overlay';
import { SceneLink } from './scene-link';
import type {
  AnyZoneRoom,
  EntityBindingDecl,
  EntityBindingHandle,
  ItemsShowOptions,
  JoinStep,
  P2PEvents,
  P2PJoinOptions,
  P2PPhase,
  SampleOptions,
  SwitchZoneOptions,
} from './types';

export { P2P_PLUGIN_KEY, P2P_SCENE_MAPPING } from './constants';

// Scene event names (Phaser.Scenes.Events' values), spelt out so tests can drive a fake scene.
const SceneEvent = {
  Start: 'start',
  Update: 'update',
  PostUpdate: 'postupdate',
  Shutdown: 'shutdown',
  Destroy: 'destroy',
} as const;
const GAME_DESTROY = 'destroy';

declare global {
  namespace Phaser {
    interface Scene {
      /** The peer-to-peer plugin (`plugins: { scene: [{ key: P2P_PLUGIN_KEY, plugin: P2PPlugin, mapping: P2P_SCENE_MAPPING }] }`). */
      p2p: P2PPlugin;
    }
  }
}

/** `this.p2p.entities`. */
export interface P2PEntities {
  /** Shows a `Record<id, entity>` of the room state as game objects (see {@link EntityBindingDecl}). */
  bind<E extends object, O, I = unknown>(decl: EntityBindingDecl<E, O, I>): EntityBindingHandle<O>;
}

/** `this.p2p.input`. */
export interface P2PInput {
  /** Calls `fn` once per round (timer-driven) and sends its result as message `type`; `undefined` sends nothing. */
  sample<P>(type: string, fn: () => P | undefined, options?: SampleOptions): () => void;
}

/** `this.p2p.items`. */
export interface P2PItems {
  /** Shows the items near the camera as game objects (replaces an earlier `show`). */
  show<O>(options: ItemsShowOptions<O>): void;
  /** Stops showing items. */
  hide(): void;
  /** Drops an item in the zone (decided through the rounds). False when not in a zone. */
  drop(kind: string, x: number, y: number): boolean;
  /** Asks to pick up an item (of two players in one round, one gets it). False when not in a zone. */
  pickUp(id: string): boolean;
  /** Every item of the zone known here. */
  list(): readonly Item[];
}

/** `this.p2p.overlay`. */
export interface P2POverlay {
  /** Shows or hides the debug overlay; returns whether it is visible now. */
  toggle(): boolean;
  show(): void;
  hide(): void;
  readonly visible: boolean;
}

/**
 * The Phaser 4 scene plugin. Register it once in the game config:
 *
 * ```ts
 * new Phaser.Game({ plugins: { scene: [{ key: P2P_PLUGIN_KEY, plugin: P2PPlugin, mapping: P2P_SCENE_MAPPING }] } });
 * ```
 *
 * and every scene has `this.p2p`. A `Phaser.Plugins.ScenePlugin`: Phaser calls `boot()` on the
 * scene's `boot` event, and the plugin follows the scene's start, shutdown and destroy events.
 *
 * Lifetimes: the session and the zone room belong to the game (one per `Phaser.Game`, shared by
 * its scenes): a scene restart or `switchZone` reuses the session, and destroying the game
 * leaves the room and closes the session. What a scene registers (bindings and their objects,
 * samplers, the item view, the overlay and its key, the camera feed, `events` listeners) belongs
 * to the scene and is dropped when the scene shuts down; its `create()` registers it again.
 * Only a scene that joined, bound entities or showed items feeds its camera to the zone and
 * owns the overlay key.
 */
export class P2PPlugin extends PhaserRuntime.Plugins.ScenePlugin {
  readonly #link: GameLink;
  readonly #view: SceneLink;
  #booted = false;

  /** `this.p2p.entities.bind(...)`. */
  readonly entities: P2PEntities;
  /** `this.p2p.input.sample(...)`. */
  readonly input: P2PInput;
  /** `this.p2p.items.show(...)`, `drop`, `pickUp`. */
  readonly items: P2PItems;
  /** `this.p2p.overlay.toggle()`. */
  readonly overlay: P2POverlay;

  constructor(scene: Phaser.Scene, pluginManager: Phaser.Plugins.PluginManager, pluginKey: string) {
    // Registers `boot` on the scene's boot event.
    super(scene, pluginManager, pluginKey);
    const game = pluginManager.game;
    const [link, created] = linkFor(game, { openSession, joinZone, joinZoneGroups });
    if (created) {
      // A closed tab never gets to destroy the game (Phaser destroys on the next frame): close
      // the links while the page is still there, so the other members see it go at once.
      const page = globalThis as { addEventListener?: EventTarget['addEventListener'] } & Partial<EventTarget>;
      const onHide = (): void => link.abandon();
      page.addEventListener?.('pagehide', onHide, { once: true });
      game.events.once(GAME_DESTROY, () => {
        page.removeEventListener?.('pagehide', onHide);
        forgetLink(game);
        void link.close();
      });
    }
    this.#link = link;
    this.#view = new SceneLink(link, {
      worldView: () => viewRect(this.scene?.cameras?.main?.worldView),
      createOverlay: () => new PhaserOverlay(scene),
      bindKey: (key, fn) => {
        const keyboard = this.scene?.input?.keyboard;
        if (keyboard == null) return () => {};
        const event = `keydown-${key}`;
        keyboard.on(event, fn);
        return () => keyboard.off(event, fn);
      },
    });
    const v = this.#view;
    this.entities = { bind: (decl) => v.bind(decl) };
    this.input = { sample: (type, fn, options) => v.sample(type, fn, options) };
    this.items = {
      show: (options) => v.showItems(options),
      hide: () => v.hideItems(),
      drop: (kind, x, y) => this.#withRoom((r) => r.items.drop(kind, x, y)),
      pickUp: (id) => this.#withRoom((r) => r.items.pickUp(id)),
      list: () => link.room?.items.list() ?? [],
    };
    this.overlay = {
      toggle: () => v.toggleOverlay(),
      show: () => v.setOverlayVisible(true),
      hide: () => v.setOverlayVisible(false),
      get visible() {
        return link.overlayVisible;
      },
    };
  }

  /** Called by Phaser once, when the scene boots: follows the scene's lifecycle from then on. */
  override boot(): void {
    if (this.#booted || this.systems === null) return;
    this.#booted = true;
    const events = this.systems.events;
    events.on(SceneEvent.Start, this.#start, this);
    events.on(SceneEvent.Shutdown, this.#shutdown, this);
    events.once(SceneEvent.Destroy, this.destroy, this);
    // Installed into a scene already running (PluginManager.installScenePlugin at run time): no `start` will come.
    if (this.systems.settings.isBooted && this.systems.isActive()) this.#start();
  }

  /** Per-scene events: `progress`, `joined`, `room`, `error`, `phase`, `callbackError`. Cleared at scene shutdown. */
  get events(): Emitter<P2PEvents> {
    return this.#view.events;
  }

  /** The zone room the game is in (shared by all scenes). */
  get room(): AnyZoneRoom | undefined {
    return this.#link.room;
  }

  /** The player's session, once open. */
  get session(): Session | undefined {
    return this.#link.session;
  }

  /** Where joining stands: idle, joining, joined, switching, left, error, closed. */
  get phase(): P2PPhase {
    return this.#link.phase;
  }

  /** Join steps seen, in order. */
  get progress(): readonly JoinStep[] {
    return this.#link.progress;
  }

  /** Why the last join or switch failed. */
  get error(): P2PJoinError | undefined {
    return this.#link.error;
  }

  /**
   * Opens the player's session (once per game) and enters `options.zone`. Options are checked
   * at once: a bad one throws a `P2POptionError` naming it. Failures resolve as
   * `{ ok: false, error: P2PJoinError }` with the session's or the zone's code.
   */
  join<S extends object, M>(options: P2PJoinOptions<S, M>): Promise<Result<ZoneRoom<S, M>, P2PJoinError>> {
    const view = checkJoinOptions(options);
    this.#view.activate(view);
    return this.#link.join(options as unknown as AnyJoinOptions, view) as unknown as Promise<
      Result<ZoneRoom<S, M>, P2PJoinError>
    >;
  }

  /**
   * Leaves the current zone's group and joins `zone`'s (a door). Bindings, samplers and the item
   * view follow to the new room; `progress` fires again for `group` and `first-round`.
   */
  switchZone<S extends object, M>(
    zone: ZoneDef,
    options?: SwitchZoneOptions<S, M>,
  ): Promise<Result<ZoneRoom<S, M>, P2PJoinError>> {
    checkSwitchZone(zone, options);
    this.#view.activate();
    const room = options?.room as RoomDefinition<object, Record<string, unknown>> | undefined;
    return this.#link.switchZone(zone, room, options?.signal, options?.position) as unknown as Promise<
      Result<ZoneRoom<S, M>, P2PJoinError>
    >;
  }

  /** Leaves the zone's group; the session stays open (join or switch again later). */
  leave(): Promise<void> {
    return this.#link.leave();
  }

  /** Called when the scene is destroyed: drops the scene's registrations. The session is the game's. */
  override destroy(): void {
    this.#shutdown();
    const events = this.systems?.events;
    events?.off(SceneEvent.Start, this.#start, this);
    events?.off(SceneEvent.Shutdown, this.#shutdown, this);
    super.destroy(); // drops the scene, systems, plugin manager and game references
  }

  #start(): void {
    const events = this.systems?.events;
    if (events === undefined) return;
    this.#view.start();
    events.on(SceneEvent.Update, this.#frame, this);
    events.on(SceneEvent.PostUpdate, this.#postFrame, this);
  }

  #shutdown(): void {
    const events = this.systems?.events;
    events?.off(SceneEvent.Update, this.#frame, this);
    events?.off(SceneEvent.PostUpdate, this.#postFrame, this);
    this.#view.shutdown();
  }

  #frame(): void {
    this.#view.frame();
  }

  #postFrame(): void {
    this.#view.postFrame();
  }

  #withRoom(fn: (room: AnyZoneRoom) => void): boolean {
    const room = this.#link.room;
    if (room === undefined) return false;
    fn(room);
    return true;
  }
}
