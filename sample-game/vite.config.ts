/**
 * Builds the sample game into `sample-game/dist`, which the authority server serves.
 * `__P2P_DEBUG__` turns on `window.__p2p` (dev and test builds). The default production build
 * keeps it on too, because the e2e tests play the same build `npm start` serves; set
 * P2P_DEBUG=0 to build without it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  define: {
    __P2P_DEBUG__: JSON.stringify(process.env.P2P_DEBUG !== '0'),
  },
  server: {
    fs: { allow: [repoRoot] },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    assetsInlineLimit: 0,
    // The game, and the README's integration example (served at /readme/, played by e2e).
    rollupOptions: {
      input: {
        game: fileURLToPath(new URL('./index.html', import.meta.url)),
        readme: fileURLToPath(new URL('./readme/index.html', import.meta.url)),
      },
    },
  },
});
