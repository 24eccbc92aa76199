/**
 * Small DOM helpers for the page's overlays (join screen, error screen, HUD, chat input): the
 * elements live in `index.html`, the code only fills and shows them.
 */

/** The element with `id`; throws when `index.html` lacks it (a build mistake, not a runtime condition). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`index.html has no #${id}`);
  return el as T;
}

/** Shows or hides an element (the `hidden` attribute). */
export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** Shows a short message at the top of the screen for `ms`. */
export function toast(text: string, ms = 3500): void {
  const box = document.getElementById('toasts');
  if (box === null) return;
  const line = document.createElement('div');
  line.textContent = text;
  box.append(line);
  while (box.childElementCount > 4) box.firstElementChild?.remove();
  window.setTimeout(() => {
    line.style.opacity = '0';
    window.setTimeout(() => line.remove(), 700);
  }, ms);
}
