/** Loads the generated art, makes the walk animations, then shows the join screen. */
import * as Phaser from 'phaser';
import { createAnimations, preloadAssets } from './assets';

/** See the module comment. */
export class BootScene extends Phaser.Scene {
  constructor() {
    super('boot');
  }

  preload(): void {
    preloadAssets(this.load);
  }

  create(): void {
    createAnimations(this.anims);
    this.scene.start('join');
  }
}
