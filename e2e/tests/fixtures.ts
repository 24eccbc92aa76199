/**
 * Shared fixtures: `openPlayer(name)` opens the game in its own browser context (its own
 * IndexedDB, so its own keys) and watches the page. Any uncaught page error or console.error
 * fails the test; a screenshot of every page is saved as an artifact at the end.
 *
 * Pages are read through the plugin's `window.__p2p` debug handle (a fresh plain snapshot per
 * read) and driven through the sample game's `window.__game` test hooks (debug builds only).
 */
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import type { P2PDebugSnapshot } from '../../plugin/src/phaser/debug-handle';
import type { GameTestHooks } from '../../sample-game/src/test-hooks';

export { expect };

/** `window.__p2p` as JSON (its `positionsAt` function does not serialise; see {@link keptPositions}). */
export type Debug = Omit<P2PDebugSnapshot, 'positionsAt'>;

/** A running game page. */
export interface PlayerPage {
  readonly name: string;
  readonly page: Page;
  /** A snapshot of the page's `window.__p2p` handle. */
  debug(): Promise<Debug>;
  /** Runs one of the game's test hooks (`window.__game`) in the page. */
  game<K extends keyof GameTestHooks>(hook: K, ...args: Parameters<GameTestHooks[K]>): Promise<unknown>;
}

/** Options of `openPlayer`. */
export interface OpenOptions {
  /** Path to open instead of `/?name=NAME` (the name then only labels the page). */
  readonly path?: string;
  /** Extra query parameters for `/?name=NAME&...`. */
  readonly query?: Readonly<Record<string, string>>;
  /** console.error texts this page is expected to log (e.g. the browser's note on an HTTP 409). */
  readonly allowConsoleErrors?: readonly RegExp[];
  /** Set `window.P2P_DEBUG = true` before the page loads (for pages that do not pass `debug` themselves). */
  readonly requestDebug?: boolean;
}

interface Fixtures {
  openPlayer: (name: string, options?: OpenOptions) => Promise<PlayerPage>;
}

export const test = base.extend<Fixtures>({
  openPlayer: async ({ browser }, use, testInfo) => {
    const players: PlayerPage[] = [];
    const problems: string[] = [];
    await use(async (name, options = {}) => {
      const context = await browser.newContext({ viewport: { width: 960, height: 640 } });
      const page = await context.newPage();
      const allowed = options.allowConsoleErrors ?? [];
      // Which request failed (the console only says "Failed to load resource").
      page.on('response', (response) => {
        if (response.status() < 400) return;
        const line = `${response.status()} ${response.request().method()} ${response.url()}`;
        if (allowed.some((re) => re.test(line))) return;
        void response.text().then(
          (body) => problems.push(`[${name}] HTTP ${line} ${body.slice(0, 300)}`),
          () => problems.push(`[${name}] HTTP ${line}`),
        );
      });
      page.on('pageerror', (error) => problems.push(`[${name}] pageerror: ${error.stack ?? error.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error' || allowed.some((re) => re.test(msg.text()))) return;
        problems.push(`[${name}] console.error: ${msg.text()}`);
      });
      // Headless Chromium has only a software GPU: Phaser's canvas renderer (its FORCE_CANVAS
      // global) leaves the CPU to the rounds when several players share two cores.
      await page.addInitScript((debug) => {
        const w = window as unknown as { FORCE_CANVAS: boolean; P2P_DEBUG?: boolean };
        w.FORCE_CANVAS = true;
        if (debug) w.P2P_DEBUG = true;
      }, options.requestDebug === true);
      const query = new URLSearchParams({ name, ...options.query }).toString();
      await page.goto(options.path ?? `/?${query}`);
      const player: PlayerPage = {
        name,
        page,
        debug: () => readDebug(page),
        game: (hook, ...args) =>
          page.evaluate(
            ([h, a]) => {
              const hooks = (window as unknown as { __game?: Record<string, (...x: unknown[]) => unknown> }).__game;
              if (hooks === undefined) throw new Error('window.__game is missing');
              return hooks[h as string]!(...(a as unknown[]));
            },
            [hook, args] as const,
          ),
      };
      players.push(player);
      return player;
    });
    // Screenshots of every page first, then close: closing one player changes what the others show.
    const open = players.filter(({ page }) => !page.isClosed());
    if (testInfo.status !== testInfo.expectedStatus) {
      // What each page's plugin held when the test failed: CI logs show it, no trace viewer needed.
      for (const { name, page } of open) {
        const line = await readDebug(page).then(summary, (e: unknown) => `no debug handle (${String(e)})`);
        console.log(`[${name}] at failure: ${line}`);
        await testInfo.attach(`debug-${name}`, { body: line, contentType: 'application/json' }).catch(() => undefined);
      }
    }
    for (const { name, page } of open) {
      const path = testInfo.outputPath(`${name}.png`);
      await page.screenshot({ path }).catch(() => undefined);
      await testInfo.attach(`screenshot-${name}`, { path, contentType: 'image/png' }).catch(() => undefined);
    }
    for (const { page } of open) await page.context().close();
    expect(problems, 'pages must not throw or log errors').toEqual([]);
  },
});

/** `base` plus a short random suffix: names must be unique per run (the authority keeps accounts). */
export function uniqueName(base: string): string {
  return `${base}${Math.random().toString(36).slice(2, 7)}`;
}

/** A one-line digest of a page's handle for failure logs: where it is, its group, rounds and counters. */
function summary(d: Debug): string {
  const nonZero = (c: Readonly<Record<string, number>>): Record<string, number> =>
    Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0));
  return JSON.stringify({
    phase: d.phase,
    status: d.status,
    progress: d.progress,
    error: d.error,
    zone: d.zone,
    groupId: d.groupId,
    members: d.members.map((m) => m.id),
    round: d.round,
    appliedRound: d.appliedRound,
    confirmedRound: d.confirmedRound,
    epoch: d.epoch,
    roundMs: d.roundMs,
    k: d.k,
    entities: d.entities,
    peers: d.peers.map((p) => `${p.id}:${p.verified ? 'v' : '-'}${p.connected ? 'c' : '-'}${p.banned ? 'b' : ''}`),
    zoneCounters: nonZero(d.counters.zone),
    sessionCounters: nonZero(d.counters.session),
  });
}

/** Reads a plain-data copy of `window.__p2p`. */
export async function readDebug(page: Page): Promise<Debug> {
  return page.evaluate(() => {
    const handle = (window as unknown as { __p2p?: unknown }).__p2p;
    if (handle === undefined) throw new Error('window.__p2p is missing');
    return JSON.parse(JSON.stringify(handle)) as Debug;
  });
}

/**
 * The decided positions of every round the page still keeps, read in one go (the page keeps the
 * last ~64 applied rounds: reading the round list and then a round's positions in two steps
 * could find it already dropped on a busy page).
 */
export async function keptPositions(page: Page): Promise<Map<number, Record<string, Record<string, number>>>> {
  const kept = await page.evaluate(() => {
    const handle = (window as unknown as { __p2p?: P2PDebugSnapshot }).__p2p;
    if (handle === undefined) throw new Error('window.__p2p is missing');
    const snap = handle;
    return snap.decidedRounds.map((r) => [r, JSON.parse(JSON.stringify(snap.positionsAt(r)))] as const);
  });
  return new Map(kept.filter((e): e is readonly [number, Record<string, Record<string, number>>] => e[1] !== null));
}

/** Waits until the player is in a zone's group and its rounds are applied; returns the handle then. */
export async function waitJoined(player: PlayerPage, zone = 'town'): Promise<Debug> {
  await expect
    .poll(
      async () => {
        // No handle before the page starts joining (the join form, the first frames).
        const d = await player.debug().catch(() => undefined);
        if (d === undefined) return 'not started';
        return (
          d.error?.code ?? (d.zone === zone && d.status === 'joined' && d.appliedRound !== null ? 'joined' : d.phase)
        );
      },
      { message: `${player.name} joins ${zone}`, timeout: 30_000 },
    )
    .toBe('joined');
  return player.debug();
}

/** Waits until `player`'s decided state holds exactly the entities `ids` (order ignored). */
export async function waitSees(player: PlayerPage, ids: readonly string[], timeout = 30_000): Promise<void> {
  await expect
    .poll(async () => Object.keys((await player.debug()).entities).sort(), {
      message: `${player.name} sees ${ids.length} players`,
      timeout,
    })
    .toEqual([...ids].sort());
}

/**
 * Opens the players one after another, each once the previous one is in the zone's group (as
 * players arrive in a real game). Players opening at the same instant each find the zone empty,
 * found a group each, and merge later (plugin/spec/zone.md, "Merging"), which takes longer.
 */
export async function arrive(
  openPlayer: (name: string, options?: OpenOptions) => Promise<PlayerPage>,
  bases: readonly string[],
  zone = 'town',
): Promise<{ players: PlayerPage[]; ids: string[] }> {
  const players: PlayerPage[] = [];
  const ids: string[] = [];
  for (const base of bases) {
    const player = await openPlayer(uniqueName(base));
    ids.push((await waitJoined(player, zone)).playerId!);
    if (players.length === 0) {
      // The founder's group record is in the DHT: the next player finds the group instead of
      // founding its own (two at once merge too, only later).
      await expect
        .poll(async () => (await player.debug()).counters.zone.groupPuts ?? 0, {
          message: `${player.name}'s group record is stored`,
        })
        .toBeGreaterThan(0);
    }
    players.push(player);
  }
  for (const p of players) await waitSees(p, ids);
  return { players, ids };
}

/** Opens the debug overlay (backquote) on `player`'s page and attaches a screenshot of it as `name`. */
export async function attachOverlay(player: PlayerPage, testInfo: TestInfo, name: string): Promise<void> {
  await player.page.keyboard.press('Backquote');
  await expect.poll(async () => (await player.debug()).overlayVisible).toBe(true);
  await player.page.waitForTimeout(500);
  const path = testInfo.outputPath(`${name}.png`);
  await player.page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
