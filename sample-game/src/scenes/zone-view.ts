/**
 * What a zone looks like: its map as two tile layers, a glowing marker on every door tile, and
 * the chests (drawn open or closed from the room state). Everything is owned by the scene, so a
 * scene restart (a zone switch) rebuilds it for the new map.
 */
import type * as Phaser from 'phaser';
import type { Door, GameMap } from '../world/map';
import type { Chest } from '../world/state';
import { TEX } from './assets';

/** Depths: tile layers at the bottom, then items, then everything sorted by its feet y. */
export const DEPTH = { ground: 0, decoration: 1, doors: 2, items: 3, overlay: 100_000 } as const;

/** The tilemap, door markers and chest sprites of one zone. */
export class ZoneView {
  readonly #chests = new Map<string, Phaser.GameObjects.Sprite>();

  constructor(
    readonly scene: Phaser.Scene,
    readonly map: GameMap,
  ) {
    const t = map.tileSize;
    const tilemap = scene.make.tilemap({ tileWidth: t, tileHeight: t, width: map.width, height: map.height });
    const tileset = tilemap.addTilesetImage(TEX.tiles, TEX.tiles, t, t, 0, 0);
    if (tileset === null) throw new Error('the tileset texture is not loaded');
    const ground = tilemap.createBlankLayer('ground', tileset);
    const decoration = tilemap.createBlankLayer('decoration', tileset);
    if (ground === null || decoration === null) throw new Error('cannot create the tile layers');
    ground
      .putTilesAt(
        map.ground.map((row) => [...row]),
        0,
        0,
      )
      .setDepth(DEPTH.ground);
    decoration
      .putTilesAt(
        map.decoration.map((row) => [...row]),
        0,
        0,
      )
      .setDepth(DEPTH.decoration);
    for (const door of map.doors) this.#marker(door);
    for (const c of map.chests) {
      const sprite = scene.add.sprite(c.x, c.y, TEX.chest, 0).setDepth(c.y + 12);
      this.#chests.set(c.id, sprite);
    }
  }

  #marker(door: Door): void {
    const t = this.map.tileSize;
    // Doors at the bottom of the map lead out (arrow down); the others lead in (arrow up).
    const down = door.y + door.height >= this.map.bounds.height;
    for (let y = door.y; y < door.y + door.height; y += t) {
      for (let x = door.x; x < door.x + door.width; x += t) {
        const marker = this.scene.add
          .image(x + t / 2, y + t / 2, TEX.door)
          .setDepth(DEPTH.doors)
          .setAngle(down ? 180 : 0)
          .setAlpha(0.8);
        this.scene.tweens.add({ targets: marker, alpha: 0.35, duration: 900, yoyo: true, repeat: -1 });
      }
    }
  }

  /** Bounds the camera to the map; a map smaller than the view sits in its middle. */
  frameCamera(cam: Phaser.Cameras.Scene2D.Camera): void {
    const { width, height } = this.map.bounds;
    const w = Math.max(width, cam.width);
    const h = Math.max(height, cam.height);
    cam.setBounds((width - w) / 2, (height - h) / 2, w, h).setRoundPixels(true);
  }

  /** Draws each chest open or closed. */
  showChests(chests: Readonly<Record<string, Readonly<Chest>>>): void {
    for (const [id, sprite] of this.#chests) sprite.setFrame(chests[id]?.openedBy == null ? 0 : 1);
  }
}
