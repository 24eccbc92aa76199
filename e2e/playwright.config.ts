/**
 * Playwright plays the built sample game in headless Chromium.
 *
 * The authority server (`sample-game/server/main.ts`) is started on a test port with a fresh,
 * temporary DATA_DIR; it serves `sample-game/dist`, so build first (`npm run test:e2e` at the repo
 * root does). Environment knobs: CHROMIUM_PATH (default /usr/bin/chromium, falling back to
 * Playwright's bundled browser when absent), E2E_PORT (default 8797).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8797);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Worker processes re-evaluate this file; they inherit the directory through the environment.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'p2p-mmo-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;
// The test-only ban endpoint of sample-game/server/test-admin.ts (loopback, token-protected).
process.env.P2P_TEST_ADMIN_TOKEN ??= `e2e-${Math.random().toString(36).slice(2)}${Date.now()}`;
process.env.P2P_TEST_ADMIN_PORT ??= String(port + 1);

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(existsSync(chromiumPath) ? { executablePath: chromiumPath } : {}),
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'npx tsx ../sample-game/server/main.ts',
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 3_000 },
    env: { ...stringEnv(), PORT: String(port), DATA_DIR: dataDir, P2P_ACCOUNTS_PER_10MIN: '500' },
  },
});

function stringEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return out;
}
