/**
 * The chat line: Enter opens it, Enter sends, Escape cancels. While it is open the game's own
 * keys are off (the scene is told through `onOpenChange`), so typing "w" does not walk.
 */
import { CHAT_MAX } from '../world/state';
import { byId, show } from './dom';

/** The chat input at the bottom of the screen. */
export class ChatInput {
  readonly #input = byId<HTMLInputElement>('chat');
  readonly #send: (text: string) => void;
  readonly #onOpenChange: (open: boolean) => void;

  constructor(send: (text: string) => void, onOpenChange: (open: boolean) => void) {
    this.#send = send;
    this.#onOpenChange = onOpenChange;
    this.#input.maxLength = CHAT_MAX;
    this.#input.onkeydown = (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') {
        const text = this.#input.value.trim().slice(0, CHAT_MAX);
        if (text !== '') this.#send(text);
        this.close();
      } else if (event.key === 'Escape') this.close();
    };
    this.#input.onblur = () => this.close();
  }

  get isOpen(): boolean {
    return !this.#input.hidden;
  }

  open(): void {
    if (this.isOpen) return;
    this.#input.value = '';
    show(this.#input, true);
    this.#onOpenChange(true);
    // Focus after the Enter key event that opened it has finished.
    window.setTimeout(() => this.#input.focus(), 0);
  }

  close(): void {
    if (!this.isOpen) return;
    show(this.#input, false);
    this.#input.blur();
    this.#onOpenChange(false);
  }

  /** Closes it and detaches its handlers (scene shutdown). */
  dispose(): void {
    this.close();
    this.#input.onkeydown = null;
    this.#input.onblur = null;
  }
}
