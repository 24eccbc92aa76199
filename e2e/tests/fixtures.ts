/**
 * Shared fixtures: `openPlayer(name)` opens the game in its own browser context (its own
 * IndexedDB, so its own keys) and watches the page. Any uncaught page error or console.error
 * fails the test; a screenshot of every page is saved as an artifact at the end.
 */
import { test as base, expect, type Page } from '@playwright/test';
import type { P2PDebugHandle } from '../../sample-game/src/debug-handle';

export { expect };

/** A running game page. */
export interface PlayerPage {
  readonly name: string;
  readonly page: Page;
  /** A snapshot of the page's `window.__p2p` handle. */
  debug(): Promise<P2PDebugHandle>;
}

/** Options of `openPlayer`. */
export interface OpenOptions {
  /** Path to open instead of `/?name=NAME` (the name then only labels the page). */
  readonly path?: string;
  /** console.error texts this page is expected to log (e.g. the browser's note on an HTTP 409). */
  readonly allowConsoleErrors?: readonly RegExp[];
}

interface Fixtures {
  openPlayer: (name: string, options?: OpenOptions) => Promise<PlayerPage>;
}

export const test = base.extend<Fixtures>({
  openPlayer: async ({ browser }, use, testInfo) => {
    const players: PlayerPage[] = [];
    const problems: string[] = [];
    await use(async (name, options = {}) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const allowed = options.allowConsoleErrors ?? [];
      page.on('pageerror', (error) => problems.push(`[${name}] pageerror: ${error.stack ?? error.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error' || allowed.some((re) => re.test(msg.text()))) return;
        problems.push(`[${name}] console.error: ${msg.text()}`);
      });
      await page.goto(options.path ?? `/?name=${encodeURIComponent(name)}`);
      const player: PlayerPage = { name, page, debug: () => readDebug(page) };
      players.push(player);
      return player;
    });
    // Screenshots of every page first, then close: closing one player changes what the others show.
    const open = players.filter(({ page }) => !page.isClosed());
    for (const { name, page } of open) {
      const path = testInfo.outputPath(`${name}.png`);
      await page.screenshot({ path }).catch(() => undefined);
      await testInfo.attach(`screenshot-${name}`, { path, contentType: 'image/png' }).catch(() => undefined);
      const recorded = await readDebug(page)
        .then((d) => d.errors)
        .catch(() => []);
      for (const e of recorded) problems.push(`[${name}] recorded: ${e}`);
    }
    for (const { page } of open) await page.context().close();
    expect(problems, 'pages must not throw or log errors').toEqual([]);
  },
});

/** `base` plus a short random suffix: names must be unique per run (the authority keeps accounts). */
export function uniqueName(base: string): string {
  return `${base}${Math.random().toString(36).slice(2, 7)}`;
}

/** Reads a plain-data copy of `window.__p2p`. */
export async function readDebug(page: Page): Promise<P2PDebugHandle> {
  return page.evaluate(() => {
    const handle = (window as unknown as { __p2p?: P2PDebugHandle }).__p2p;
    if (handle === undefined) throw new Error('window.__p2p is missing');
    return JSON.parse(JSON.stringify(handle)) as P2PDebugHandle;
  });
}
