/**
 * Builds the sample game with Vite into `sample-game/dist`.
 *
 *   tsx sample-game/server/build.ts             always build
 *   tsx sample-game/server/build.ts --if-stale  build only when dist/index.html is missing or
 *                                               older than any source the page is made from
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const gameDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(gameDir, '..');
const distIndex = join(gameDir, 'dist', 'index.html');

/** Everything the built page depends on. */
const SOURCES = [
  join(gameDir, 'src'),
  join(gameDir, 'index.html'),
  join(gameDir, 'readme'),
  join(gameDir, 'vite.config.ts'),
  join(repoRoot, 'plugin', 'src'),
  join(repoRoot, 'assets'),
];

const SKIP_DIRS = new Set(['node_modules', 'dist', '.data']);
/** Files that never reach the bundle. */
const SKIP_FILES = /\.(test\.ts|md)$/;

/** Latest modification time (ms) of any file under `path` that can affect the build, or 0. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() ? SKIP_DIRS.has(entry.name) : SKIP_FILES.test(entry.name)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Why a build is needed, or `undefined` when dist is up to date. */
export function staleReason(): string | undefined {
  if (!existsSync(distIndex)) return 'no build yet';
  const built = statSync(distIndex).mtimeMs;
  for (const source of SOURCES) {
    if (newestMtime(source) > built) return `${source} changed since the last build`;
  }
  return undefined;
}

async function main(): Promise<void> {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale) {
    const reason = staleReason();
    if (reason === undefined) {
      console.log('sample-game: dist is up to date, skipping the build');
      return;
    }
    console.log(`sample-game: building (${reason})`);
  }
  const started = Date.now();
  await build({ configFile: join(gameDir, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`sample-game: built into ${join(gameDir, 'dist')} in ${Date.now() - started} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
