/// <reference types="phaser" />
import type { OverlayModel } from './overlay-model';
import type { OverlayView } from './scene-link';

/** Depth of the overlay: above any game layer. */
export const OVERLAY_DEPTH = 1_000_000;

const COLORS = {
  grid: 0xffffff,
  bounds: 0xffcc33,
  observed: 0x3399ff,
  interest: 0x33ff99,
  own: 0xff66cc,
} as const;

/**
 * Draws the overlay model: one Graphics in world space (cell grid, observed cells, the player's
 * own quadtree leaf, the interest rectangle) and one Text fixed to the camera (the panel). Created only when the overlay is first
 * shown; the scene link redraws it at most every 200 ms.
 */
export class PhaserOverlay implements OverlayView {
  readonly #world: Phaser.GameObjects.Graphics;
  readonly #panel: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene) {
    this.#world = scene.add.graphics().setDepth(OVERLAY_DEPTH);
    this.#panel = scene.add
      .text(8, 8, '', {
        fontFamily: 'monospace',
        fontSize: '12px',
        color: '#e8f0ff',
        backgroundColor: 'rgba(0, 0, 0, 0.65)',
        padding: { x: 6, y: 4 },
      })
      .setScrollFactor(0)
      .setDepth(OVERLAY_DEPTH + 1);
  }

  draw(model: OverlayModel): void {
    const g = this.#world;
    g.clear();
    g.fillStyle(COLORS.observed, 0.14);
    for (const cell of model.cells) {
      if (cell.observed) g.fillRect(cell.rect.x, cell.rect.y, cell.rect.width, cell.rect.height);
    }
    if (model.own !== undefined) {
      g.fillStyle(COLORS.own, 0.12);
      g.fillRect(model.own.x, model.own.y, model.own.width, model.own.height);
      g.lineStyle(3, COLORS.own, 0.8);
      g.strokeRect(model.own.x, model.own.y, model.own.width, model.own.height);
    }
    g.lineStyle(1, COLORS.grid, 0.35);
    for (const l of model.gridLines) g.lineBetween(l.x1, l.y1, l.x2, l.y2);
    if (model.bounds !== undefined) {
      g.lineStyle(2, COLORS.bounds, 0.8);
      g.strokeRect(model.bounds.x, model.bounds.y, model.bounds.width, model.bounds.height);
    }
    if (model.interest !== undefined) {
      g.lineStyle(1, COLORS.interest, 0.9);
      g.strokeRect(model.interest.x, model.interest.y, model.interest.width, model.interest.height);
    }
    this.#panel.setText([...model.panel]);
  }

  setVisible(visible: boolean): void {
    this.#world.setVisible(visible);
    this.#panel.setVisible(visible);
  }

  destroy(): void {
    this.#world.destroy();
    this.#panel.destroy();
  }
}
