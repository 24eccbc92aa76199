/**
 * Small visual feedback in the world: text that floats up and fades (treasure found, an item
 * picked up) and a ring where the player clicked.
 */
import type * as Phaser from 'phaser';
import { DEPTH } from './zone-view';

/** Text rising from (x, y) and fading out. */
export function floatText(scene: Phaser.Scene, x: number, y: number, text: string, color = '#ffe08a'): void {
  const t = scene.add
    .text(x, y, text, {
      fontFamily: 'system-ui, sans-serif',
      fontSize: '14px',
      fontStyle: 'bold',
      color,
      stroke: '#14121c',
      strokeThickness: 4,
    })
    .setOrigin(0.5, 1)
    .setResolution(2)
    .setDepth(DEPTH.overlay);
  scene.tweens.add({
    targets: t,
    y: y - 36,
    alpha: 0,
    duration: 1400,
    ease: 'Cubic.easeOut',
    onComplete: () => t.destroy(),
  });
}

/** A shrinking ring where the player clicked to walk. */
export function clickMarker(scene: Phaser.Scene, x: number, y: number): void {
  const ring = scene.add.circle(x, y, 10).setStrokeStyle(2, 0xffe08a, 1).setDepth(DEPTH.items);
  scene.tweens.add({ targets: ring, scale: 0.3, alpha: 0, duration: 500, onComplete: () => ring.destroy() });
}
