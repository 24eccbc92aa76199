/**
 * `window.__game` (test builds only): drives the local player the way a person would, without
 * pixel-hunting, for the browser tests. Every call goes to the world scene running now; with
 * none (joining, switching, error screen) calls answer false / null.
 */
import type * as Phaser from 'phaser';
import type { GameTestHooks } from '../test-hooks';
import { ZONE_ENTERED } from './room';
import type { WorldScene } from './world-scene';

/** How long `useDoor` waits for the next zone, and `walkTo` for the arrival, ms. */
const DOOR_TIMEOUT_MS = 60_000;
const WALK_TIMEOUT_MS = 60_000;

/** `p`, or `fallback` once `ms` have passed (a walk stalls when the zone's rounds stall). */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = window.setTimeout(() => resolve(fallback), ms);
    void p.then((v) => {
      window.clearTimeout(timer);
      resolve(v);
    });
  });
}

declare global {
  interface Window {
    __game?: GameTestHooks;
  }
}

/** Defines `window.__game` for `game`. */
export function installTestDriver(game: Phaser.Game): void {
  const world = (): WorldScene | undefined => {
    const scene = game.scene.getScene('world') as WorldScene | null;
    return scene?.scene.isActive() && !scene.switching ? scene : undefined;
  };
  const driver: GameTestHooks = {
    walkTo: (x, y) => within(world()?.walkTo(x, y) ?? Promise.resolve(false), WALK_TIMEOUT_MS, false),
    say: (text) => world()?.actions.say(text) ?? false,
    dropItem: (kind) => world()?.actions.drop(kind) ?? false,
    pickUpNearest: () => world()?.actions.pickUpNearest() ?? null,
    openChest: (id, atRound) => {
      const scene = world();
      if (scene === undefined) return false;
      if (atRound === undefined) return scene.actions.openChest(id);
      const room = scene.p2p.room;
      if (room === undefined) return false;
      const off = room.onBeforeInput((round) => {
        if (round < atRound) return;
        off();
        scene.actions.openChest(id); // at atRound, or the first round after it a starved tab reaches
      });
      return true;
    },
    chests: () => {
      const state = world()?.p2p.room?.room.state as
        | { chests?: Record<string, { openedBy: string | null }> }
        | undefined;
      if (state?.chests === undefined) return null;
      return Object.fromEntries(Object.entries(state.chests).map(([id, c]) => [id, { openedBy: c.openedBy }]));
    },
    treasure: () => {
      const state = world()?.p2p.room?.room.state as { players?: Record<string, { treasure: number }> } | undefined;
      if (state?.players === undefined) return null;
      return Object.fromEntries(Object.entries(state.players).map(([id, p]) => [id, p.treasure]));
    },
    useDoor: () =>
      new Promise<boolean>((resolve) => {
        const scene = world();
        if (scene === undefined) {
          resolve(false);
          return;
        }
        const done = (entered: boolean): void => {
          window.clearTimeout(timer);
          game.events.off(ZONE_ENTERED, onEntered);
          resolve(entered);
        };
        const onEntered = (): void => done(true);
        const timer = window.setTimeout(() => done(false), DOOR_TIMEOUT_MS);
        game.events.on(ZONE_ENTERED, onEntered);
        // Stepping on the door switches zones before the walk "arrives"; only a failed walk ends here.
        void scene.walkToNearestDoor().then((arrived) => {
          if (!arrived && !scene.switching) done(false);
        });
      }),
    where: () => {
      const scene = world();
      const feet = scene?.feet();
      const zone = scene?.p2p.room?.zone.name;
      return feet === undefined || zone === undefined ? null : { ...feet, zone };
    },
  };
  Object.defineProperty(window, '__game', { value: Object.freeze(driver), configurable: false, writable: false });
}
