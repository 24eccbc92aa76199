/**
 * The sample game's entry: records page errors and exposes `window.__p2p` (debug builds), boots
 * Phaser with the status scene, and starts the networking session for the player's name.
 */
import * as Phaser from 'phaser';
import { exposeDebugHandle, recordUncaughtErrors } from './debug';
import { nameFromUrl, showJoinForm } from './join-form';
import { GameModel } from './model';
import { startSession } from './net/session';
import { HEIGHT, StatusScene, WIDTH } from './status-scene';
import { lastIdentity } from './storage';

const model = new GameModel();
if (__P2P_DEBUG__) {
  recordUncaughtErrors(model);
  exposeDebugHandle(model);
}

new Phaser.Game({
  type: Phaser.AUTO,
  parent: 'game',
  width: WIDTH,
  height: HEIGHT,
  pixelArt: true,
  backgroundColor: '#14121c',
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH },
  banner: false,
  scene: new StatusScene(model),
});

const controller = new AbortController();
window.addEventListener('pagehide', () => controller.abort(), { once: true });

const name = nameFromUrl();
if (name === undefined) {
  model.setPhase('join-form');
  void lastIdentity()
    .catch(() => undefined)
    .then((last) => showJoinForm(last?.name));
} else {
  void startSession(model, name, controller.signal);
}
