/**
 * What the page's address says: `?name=NAME` joins at once as NAME (shared links, tests), and in
 * test builds (`__P2P_DEBUG__`) a few knobs for browser tests.
 */

/** The `name` query parameter, trimmed, or `undefined` when absent or empty. */
export function nameFromUrl(): string | undefined {
  const name = new URLSearchParams(window.location.search).get('name')?.trim();
  return name === undefined || name === '' ? undefined : name;
}

/** This page's address with `?name=` set to `name` (or removed for `undefined`). */
export function urlWithName(name: string | undefined): string {
  const url = new URL(window.location.href);
  if (name === undefined) url.searchParams.delete('name');
  else url.searchParams.set('name', name);
  return url.toString();
}

/** A query parameter read only in test builds; always `undefined` in a production build. */
export function debugParam(key: string): string | undefined {
  if (!__P2P_DEBUG__) return undefined;
  return new URLSearchParams(window.location.search).get(key) ?? undefined;
}
