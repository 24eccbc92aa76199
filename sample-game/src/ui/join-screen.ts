/**
 * The join screen: the name form (when the address has no `?name=`) and the progress list while
 * joining. Submitting the form reloads the page with `?name=NAME`, so every join is a fresh start
 * with the name in the address (a link anyone can share).
 */
import { isValidName, MAX_NAME_LENGTH, MIN_NAME_LENGTH } from 'phaser-p2p-mmo';
import { byId, show } from './dom';
import { urlWithName } from './url';

/** The join steps in order, with what the list says while each runs. */
export const JOIN_STEPS: readonly (readonly [string, string])[] = [
  ['keys', 'Loading your keys'],
  ['registration', 'Registering with the authority'],
  ['signalling', 'Opening the peer-to-peer link'],
  ['dht', 'Joining the DHT'],
  ['group', 'Finding the players of the town'],
  ['first-round', 'Waiting for the first round'],
];

/** Why `name` cannot be used, or `undefined` when it is fine. */
export function nameProblem(name: string): string | undefined {
  // Through `unknown`, so the type guard does not narrow `name` to `never` below.
  if (isValidName(name as unknown)) return undefined;
  if (name.length < MIN_NAME_LENGTH || name.length > MAX_NAME_LENGTH) {
    return `Use ${MIN_NAME_LENGTH} to ${MAX_NAME_LENGTH} characters.`;
  }
  return 'Start with a letter; then letters, digits, "_" or "-".';
}

/**
 * Shows the name form, pre-filled with `suggestion` (and saying what is wrong with it, when
 * something is); a valid name reloads the page with `?name=`.
 */
export function showJoinForm(suggestion: string | undefined): void {
  const form = byId<HTMLFormElement>('join-form');
  const input = byId<HTMLInputElement>('join-name');
  const problem = byId('join-error');
  if (suggestion !== undefined && input.value === '') input.value = suggestion;
  problem.textContent = suggestion === undefined ? '' : (nameProblem(suggestion) ?? '');
  show(byId('join-connecting'), false);
  show(form, true);
  show(byId('join'), true);
  input.focus();
  input.select();
  form.onsubmit = (event) => {
    event.preventDefault();
    const name = input.value.trim();
    const why = nameProblem(name);
    problem.textContent = why ?? '';
    if (why === undefined) window.location.assign(urlWithName(name));
  };
}

/** The progress list while joining as `name`: steps turn active, then done. */
export class JoinProgress {
  readonly #items = new Map<string, HTMLLIElement>();

  constructor(name: string) {
    byId('join-as').textContent = name;
    const list = byId('join-progress');
    list.replaceChildren();
    for (const [step, label] of JOIN_STEPS) {
      const li = document.createElement('li');
      li.dataset.step = step;
      li.dataset.state = 'pending';
      li.textContent = label;
      list.append(li);
      this.#items.set(step, li);
    }
    show(byId('join-form'), false);
    show(byId('join-connecting'), true);
    show(byId('join'), true);
  }

  /** Step `step` began: every step before it is done. */
  mark(step: string): void {
    let reached = false;
    for (const [name, li] of [...this.#items].reverse()) {
      if (name === step) {
        reached = true;
        li.dataset.state = 'active';
      } else if (reached) li.dataset.state = 'done';
    }
  }

  /** Every step is done: hides the screen. */
  finish(): void {
    for (const li of this.#items.values()) li.dataset.state = 'done';
    show(byId('join'), false);
  }
}

/** Hides the join screen. */
export function hideJoinScreen(): void {
  show(byId('join'), false);
}
