/**
 * The skeleton's only scene: shows where the page is (registering, connected as NAME), the
 * verified peers with their notes, or an error screen. It re-renders when the model changes and
 * never drives networking.
 */
import * as Phaser from 'phaser';
import avatarUrl from '../../assets/generated/avatar.png';
import groundUrl from '../../assets/generated/ground.png';
import type { AppPhase } from './debug-handle';
import type { GameModel } from './model';

export const WIDTH = 800;
export const HEIGHT = 600;

const PHASE_TEXT: Record<Exclude<AppPhase, 'connected'>, string> = {
  starting: 'starting…',
  'join-form': 'choose a name to join',
  registering: 'registering with the authority…',
  connecting: 'opening the peer-to-peer link…',
  error: 'error',
};

const TEXT_STYLE: Phaser.Types.GameObjects.Text.TextStyle = {
  fontFamily: 'system-ui, sans-serif',
  fontSize: '18px',
  color: '#f4f2fa',
};

export class StatusScene extends Phaser.Scene {
  readonly #model: GameModel;
  #content: Phaser.GameObjects.Container | undefined;
  #unsubscribe: (() => void) | undefined;
  #dirty = true;

  constructor(model: GameModel) {
    super({ key: 'status' });
    this.#model = model;
  }

  preload(): void {
    this.load.image('avatar', avatarUrl);
    this.load.image('ground', groundUrl);
  }

  create(): void {
    this.add.tileSprite(0, 0, WIDTH, HEIGHT, 'ground').setOrigin(0, 0).setAlpha(0.55);
    this.add.text(24, 18, 'P2P MMO', { ...TEXT_STYLE, fontSize: '28px', fontStyle: 'bold' });
    this.#content = this.add.container(0, 0);
    this.#unsubscribe = this.#model.onChange(() => {
      this.#dirty = true;
    });
    // Redraw at most every 100 ms, and only when something changed.
    this.time.addEvent({ delay: 100, loop: true, callback: () => this.#redrawIfDirty() });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.#unsubscribe?.());
    this.#redrawIfDirty();
  }

  #redrawIfDirty(): void {
    if (!this.#dirty || this.#content === undefined) return;
    this.#dirty = false;
    this.#content.removeAll(true);
    if (this.#model.phase === 'error') this.#drawError(this.#content);
    else this.#drawStatus(this.#content);
  }

  #drawStatus(into: Phaser.GameObjects.Container): void {
    const m = this.#model;
    if (m.phase !== 'connected') {
      into.add(this.add.text(24, 70, PHASE_TEXT[m.phase], TEXT_STYLE));
      return;
    }
    into.add(this.add.image(44, 92, 'avatar').setScale(2));
    into.add(this.add.text(84, 78, `connected as ${m.name ?? '?'}`, { ...TEXT_STYLE, fontSize: '22px' }));
    const peers = m.peers;
    into.add(this.add.text(24, 136, peers.length === 0 ? 'waiting for other players…' : 'players', TEXT_STYLE));
    const notes = m.notes;
    let y = 174;
    for (const peer of peers.slice(0, 8)) {
      const status = peer.verified ? '✔ verified' : peer.connected ? '… checking certificate' : '… connecting';
      const label = `${peer.name ?? peer.id.slice(0, 8)}  ${status}`;
      into.add(this.add.image(40, y + 10, 'avatar').setAlpha(peer.verified ? 1 : 0.4));
      into.add(this.add.text(68, y, label, { ...TEXT_STYLE, color: peer.verified ? '#b8f5a8' : '#d0cce0' }));
      const last = notes.filter((n) => n.from === peer.id).at(-1);
      if (last !== undefined) {
        const mark = last.verified ? 'signed' : 'UNVERIFIED';
        into.add(this.add.text(68, y + 22, `“${last.text}” (${mark})`, { ...TEXT_STYLE, fontSize: '15px' }));
      }
      y += 52;
    }
  }

  #drawError(into: Phaser.GameObjects.Container): void {
    const error = this.#model.error;
    into.add(this.add.rectangle(WIDTH / 2, HEIGHT / 2, WIDTH - 120, 220, 0x3a1420, 0.92).setStrokeStyle(2, 0xff6b7a));
    into.add(
      this.add
        .text(WIDTH / 2, HEIGHT / 2 - 60, 'Cannot join the game', { ...TEXT_STYLE, fontSize: '28px', color: '#ff9aa5' })
        .setOrigin(0.5),
    );
    into.add(
      this.add
        .text(WIDTH / 2, HEIGHT / 2 + 10, error?.message ?? 'unknown error', {
          ...TEXT_STYLE,
          align: 'center',
          wordWrap: { width: WIDTH - 180 },
        })
        .setOrigin(0.5),
    );
    if (error !== null) {
      into.add(
        this.add
          .text(WIDTH / 2, HEIGHT / 2 + 80, `(${error.code})`, { ...TEXT_STYLE, fontSize: '14px', color: '#c0a0a8' })
          .setOrigin(0.5),
      );
    }
  }
}
