/**
 * One player's avatar: a shadow, the body sprite, the clothes sprite tinted in the player's
 * colour, a name tag, and a chat bubble. The container sits at the avatar's feet; the plugin
 * moves it (interpolated `x`, `y`) and `apply` shows everything else.
 */
import * as Phaser from 'phaser';
import type { Player } from '../world/state';
import { standFrame, TEX, walkAnim } from './assets';

const NAME_STYLE: Phaser.Types.GameObjects.Text.TextStyle = {
  fontFamily: 'system-ui, sans-serif',
  fontSize: '12px',
  color: '#ffffff',
  stroke: '#14121c',
  strokeThickness: 3,
};
const BUBBLE_STYLE: Phaser.Types.GameObjects.Text.TextStyle = {
  fontFamily: 'system-ui, sans-serif',
  fontSize: '12px',
  color: '#1c1828',
  wordWrap: { width: 170, useAdvancedWrap: true },
  align: 'center',
};

/** An avatar game object (a container at the feet position). */
export class AvatarView extends Phaser.GameObjects.Container {
  readonly #base: Phaser.GameObjects.Sprite;
  readonly #clothes: Phaser.GameObjects.Sprite;
  readonly #name: Phaser.GameObjects.Text;
  readonly #bubble: Phaser.GameObjects.Container;
  readonly #bubbleBg: Phaser.GameObjects.Graphics;
  readonly #bubbleText: Phaser.GameObjects.Text;
  #shown = { name: '', chat: '', color: -1, dir: '', moving: false };

  constructor(scene: Phaser.Scene, p: Player, self: boolean) {
    super(scene, p.x, p.y);
    const shadow = scene.add.ellipse(0, 1, 20, 7, 0x000000, 0.28);
    this.#base = scene.add.sprite(0, 3, TEX.avatar, standFrame(p.dir)).setOrigin(0.5, 1);
    this.#clothes = scene.add.sprite(0, 3, TEX.avatarTint, standFrame(p.dir)).setOrigin(0.5, 1);
    this.#name = scene.add
      .text(0, -30, '', { ...NAME_STYLE, color: self ? '#ffe08a' : '#ffffff' })
      .setOrigin(0.5, 1)
      .setResolution(2);
    this.#bubbleBg = scene.add.graphics();
    this.#bubbleText = scene.add.text(0, 0, '', BUBBLE_STYLE).setOrigin(0.5, 1).setResolution(2);
    this.#bubble = scene.add.container(0, -48, [this.#bubbleBg, this.#bubbleText]).setVisible(false);
    this.add([shadow, this.#base, this.#clothes, this.#name, this.#bubble]);
    scene.add.existing(this);
    this.apply(p);
  }

  /** Shows the entity's name, colour, facing, walk and chat. Cheap when nothing changed. */
  apply(p: Player): void {
    const s = this.#shown;
    if (p.name !== s.name) this.#name.setText(p.name);
    if (p.color !== s.color) this.#clothes.setTint(p.color);
    if (p.dir !== s.dir || p.moving !== s.moving) {
      for (const sprite of [this.#base, this.#clothes]) {
        if (p.moving) sprite.play(walkAnim(sprite.texture.key, p.dir), true);
        else sprite.stop().setFrame(standFrame(p.dir));
      }
    }
    if (p.chat !== s.chat) this.#showChat(p.chat);
    this.#shown = { name: p.name, chat: p.chat, color: p.color, dir: p.dir, moving: p.moving };
  }

  /** The feet position (the plugin writes x, y). */
  get feet(): { x: number; y: number } {
    return { x: this.x, y: this.y };
  }

  #showChat(text: string): void {
    this.#bubble.setVisible(text !== '');
    if (text === '') return;
    this.#bubbleText.setText(text);
    const w = Math.max(24, this.#bubbleText.width + 14);
    const h = this.#bubbleText.height + 8;
    const g = this.#bubbleBg.clear();
    g.fillStyle(0xffffff, 0.95).lineStyle(1.5, 0x3a3450, 1);
    g.fillRoundedRect(-w / 2, -h - 4, w, h, 6).strokeRoundedRect(-w / 2, -h - 4, w, h, 6);
    g.fillTriangle(-5, -5, 5, -5, 0, 2);
    this.#bubbleText.setPosition(0, -8);
  }
}
