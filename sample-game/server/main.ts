/**
 * Runs the authority server with the built game: HTTP API, PeerJS signalling at `/peerjs`, and
 * `sample-game/dist` as static files, all on one port.
 *
 *   PORT      listening port (default 8787)
 *   DATA_DIR  key file and database (default `.data` at the repository root, whatever the cwd,
 *             so `npm start` from the root and from `sample-game/` share one authority)
 *   P2P_ACCOUNTS_PER_10MIN  new accounts one address may register per 10 minutes (default: the
 *             authority's, 20; the browser tests raise it: every test player registers from 127.0.0.1)
 *   P2P_TEST_ADMIN_TOKEN, P2P_TEST_ADMIN_PORT  tests only: a loopback ban endpoint (test-admin.ts)
 *
 * Stops cleanly on SIGINT / SIGTERM.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthorityServer } from 'phaser-p2p-mmo/authority';
import { startTestAdmin } from './test-admin';

const gameDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = resolve(gameDir, '..');
const staticDir = join(gameDir, 'dist');
const dataDir = resolve(process.env.DATA_DIR || join(repoRoot, '.data'));
const port = process.env.PORT ? Number(process.env.PORT) : 8787;
const accountsPerWindow = process.env.P2P_ACCOUNTS_PER_10MIN ? Number(process.env.P2P_ACCOUNTS_PER_10MIN) : undefined;

async function main(): Promise<void> {
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.warn(`sample-game: ${staticDir} has no build; run \`npm run build\` first (the API still works)`);
  }
  const server = await createAuthorityServer({
    port,
    dataDir,
    staticDir,
    ...(accountsPerWindow === undefined ? {} : { rateLimit: { accountsPerWindow, windowMs: 10 * 60_000 } }),
  });
  console.log(`sample-game: serving the game at ${server.url}/ (data in ${dataDir})`);
  const admin = await startTestAdmin(server);
  if (admin !== undefined) console.log('sample-game: test admin endpoint enabled (P2P_TEST_ADMIN_TOKEN)');

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    console.log(`sample-game: ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    admin?.close();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sample-game: error while closing', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('sample-game: could not start the authority server', error);
  process.exit(1);
});
