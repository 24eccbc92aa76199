/**
 * The local player's walking intent: arrow keys or WASD, or a click on the map (a path followed
 * one round at a time). Keys win over a click path and cancel it. Sampled once per round by the
 * plugin (`this.p2p.input.sample('move', ...)`), never from the render loop.
 */
import * as Phaser from 'phaser';
import type { GameMap } from '../world/map';
import type { Point } from '../world/movement';
import { findPath, PathWalker } from '../world/pathfind';
import type { MoveInput } from '../world/state';

type Keys = Record<'up' | 'down' | 'left' | 'right' | 'w' | 'a' | 's' | 'd', Phaser.Input.Keyboard.Key>;

/** Keyboard and click-to-move input of the world scene. */
export class Controls {
  readonly #map: GameMap;
  readonly #keys: Keys | undefined;
  #walker: PathWalker | undefined;
  #arrived: ((arrived: boolean) => void) | undefined;
  /** Off while the chat line is open. */
  enabled = true;

  constructor(scene: Phaser.Scene, map: GameMap) {
    this.#map = map;
    const kb = scene.input.keyboard;
    const K = Phaser.Input.Keyboard.KeyCodes;
    // Arrows are captured (no page scrolling); letters are not, so they still reach the chat input.
    this.#keys =
      kb === null
        ? undefined
        : {
            up: kb.addKey(K.UP),
            down: kb.addKey(K.DOWN),
            left: kb.addKey(K.LEFT),
            right: kb.addKey(K.RIGHT),
            w: kb.addKey(K.W, false),
            a: kb.addKey(K.A, false),
            s: kb.addKey(K.S, false),
            d: kb.addKey(K.D, false),
          };
  }

  /** The keyboard's intent; a key tapped between two samples still counts once. */
  #keyIntent(): MoveInput {
    const k = this.#keys;
    if (k === undefined || !this.enabled) return { dx: 0, dy: 0 };
    const held = (a: Phaser.Input.Keyboard.Key, b: Phaser.Input.Keyboard.Key): boolean =>
      a.isDown || b.isDown || Phaser.Input.Keyboard.JustDown(a) || Phaser.Input.Keyboard.JustDown(b);
    const dx = (held(k.right, k.d) ? 1 : 0) - (held(k.left, k.a) ? 1 : 0);
    const dy = (held(k.down, k.s) ? 1 : 0) - (held(k.up, k.w) ? 1 : 0);
    return { dx, dy };
  }

  /**
   * Starts walking from `from` to `to` along a path. Resolves true on arrival, false when there
   * is no path or the walk is replaced, cancelled by a key, or stopped.
   */
  walkTo(from: Point, to: Point): Promise<boolean> {
    this.stop();
    const path = findPath(this.#map, from, to);
    if (path === undefined) return Promise.resolve(false);
    this.#walker = new PathWalker(path);
    return new Promise((resolve) => {
      this.#arrived = resolve;
    });
  }

  /** The current click target, while walking to one. */
  get target(): Point | undefined {
    return this.#walker?.target;
  }

  /** Stops a click walk (its promise resolves false). */
  stop(): void {
    this.#finish(false);
  }

  #finish(arrived: boolean): void {
    const done = this.#arrived;
    this.#walker = undefined;
    this.#arrived = undefined;
    done?.(arrived);
  }

  /**
   * This round's intent, given the avatar's (predicted) feet position and half a round's step
   * as the dead zone.
   */
  intent(at: Point | undefined, deadZone: number): MoveInput {
    const keys = this.#keyIntent();
    if (keys.dx !== 0 || keys.dy !== 0) {
      this.stop();
      return keys;
    }
    const walker = this.#walker;
    if (walker === undefined || at === undefined) return keys;
    const i = walker.intent(at, deadZone);
    if (walker.done) this.#finish(true);
    return i;
  }
}
