/**
 * The player's name: `?name=NAME` in the URL, or else a minimal join form (pre-filled with the
 * last name this browser registered). Submitting reloads the page with `?name=`, so a join is
 * always a fresh start with the name in the URL.
 */

/** The `name` query parameter, trimmed, or `undefined` when absent or empty. */
export function nameFromUrl(): string | undefined {
  const name = new URLSearchParams(window.location.search).get('name')?.trim();
  return name === undefined || name === '' ? undefined : name;
}

/** Shows the join form; on submit navigates to `?name=...`. */
export function showJoinForm(suggestion: string | undefined): void {
  const root = document.getElementById('join');
  const form = root?.querySelector('form');
  const input = root?.querySelector<HTMLInputElement>('#join-name');
  if (root == null || form == null || input == null) return;
  if (suggestion !== undefined) input.value = suggestion;
  root.hidden = false;
  input.focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (name === '') return;
    const url = new URL(window.location.href);
    url.searchParams.set('name', name);
    window.location.assign(url.toString());
  });
}
