/**
 * The error screen: a clear title and hint per failure code (authority down, banned, name taken,
 * no WebRTC, ...), the message and code, and a way out where one makes sense: try again (a fresh
 * page load) or choose another name (the join form).
 */
import * as Phaser from 'phaser';
import { byId, show } from '../ui/dom';
import { errorText } from '../ui/error-text';
import { hideJoinScreen } from '../ui/join-screen';
import { urlWithName } from '../ui/url';

/** What the error screen shows. */
export interface ErrorData {
  readonly code: string;
  readonly message: string;
}

/** See the module comment. */
export class ErrorScene extends Phaser.Scene {
  #data: ErrorData = { code: 'internal', message: '' };

  constructor() {
    super('error');
  }

  init(data: ErrorData): void {
    this.#data = data;
  }

  create(): void {
    const { code, message } = this.#data;
    const text = errorText(code);
    hideJoinScreen();
    for (const id of ['hud', 'players', 'hint', 'chat', 'fade']) show(byId(id), false);
    byId('error-title').textContent = text.title;
    byId('error-message').textContent = message;
    byId('error-hint').textContent = text.hint;
    byId('error-code').textContent = `(${code})`;
    const retry = byId<HTMLButtonElement>('error-retry');
    const rename = byId<HTMLButtonElement>('error-rename');
    show(retry, text.action === 'retry');
    show(rename, text.action === 'rename');
    retry.onclick = () => window.location.reload();
    rename.onclick = () => window.location.assign(urlWithName(undefined));
    const panel = byId('error');
    panel.dataset.code = code;
    show(panel, true);
    (text.action === 'rename' ? rename : retry).focus();
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => show(panel, false));
  }
}
