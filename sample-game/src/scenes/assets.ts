/**
 * The generated art (`assets/generated/`), its texture keys, and the walk animations. Vite turns
 * each PNG import into a URL; the maps are imported as JSON by `world/maps.ts`.
 */
import type * as Phaser from 'phaser';
import avatarUrl from '../../../assets/generated/avatar.png';
import avatarTintUrl from '../../../assets/generated/avatar-tint.png';
import chestUrl from '../../../assets/generated/chest.png';
import doorUrl from '../../../assets/generated/door.png';
import itemsUrl from '../../../assets/generated/items.png';
import tilesUrl from '../../../assets/generated/tiles.png';
import type { Facing } from '../world/state';

/** Texture keys. */
export const TEX = {
  tiles: 'tiles',
  avatar: 'avatar',
  avatarTint: 'avatar-tint',
  chest: 'chest',
  items: 'items',
  door: 'door',
} as const;

/** Item kinds, in the order of their frames in `items.png`. */
export const ITEM_KINDS = ['gem', 'apple', 'coin'] as const;

/** The frame of an item kind (unknown kinds show as a coin). */
export function itemFrame(kind: string): number {
  const i = ITEM_KINDS.indexOf(kind as (typeof ITEM_KINDS)[number]);
  return i < 0 ? ITEM_KINDS.length - 1 : i;
}

/** Rows of the avatar sheets, one per facing; columns: stand, step A, step B. */
const FACING_ROW: Readonly<Record<Facing, number>> = { down: 0, left: 1, right: 2, up: 3 };
const FRAMES_PER_ROW = 3;

/** The standing frame of a facing. */
export function standFrame(dir: Facing): number {
  return FACING_ROW[dir] * FRAMES_PER_ROW;
}

/** The walk animation key of an avatar texture and facing. */
export function walkAnim(texture: string, dir: Facing): string {
  return `${texture}-walk-${dir}`;
}

/** Queues every texture on the scene's loader. */
export function preloadAssets(load: Phaser.Loader.LoaderPlugin): void {
  const frame = { frameWidth: 32, frameHeight: 32 };
  load.spritesheet(TEX.tiles, tilesUrl, frame);
  load.spritesheet(TEX.avatar, avatarUrl, frame);
  load.spritesheet(TEX.avatarTint, avatarTintUrl, frame);
  load.spritesheet(TEX.chest, chestUrl, frame);
  load.spritesheet(TEX.items, itemsUrl, frame);
  load.image(TEX.door, doorUrl);
}

/** Creates the walk animations (once per game: animations are global). */
export function createAnimations(anims: Phaser.Animations.AnimationManager): void {
  for (const texture of [TEX.avatar, TEX.avatarTint]) {
    for (const dir of Object.keys(FACING_ROW) as Facing[]) {
      const key = walkAnim(texture, dir);
      if (anims.exists(key)) continue;
      const s = standFrame(dir);
      anims.create({
        key,
        frames: [s + 1, s, s + 2, s].map((frame) => ({ key: texture, frame })),
        frameRate: 8,
        repeat: -1,
      });
    }
  }
}
