import { rmSync } from 'node:fs';

/** Removes the temporary DATA_DIR the config created for the test server. */
export default function globalTeardown(): void {
  const dir = process.env.E2E_DATA_DIR;
  if (dir?.includes('p2p-mmo-e2e-')) rmSync(dir, { recursive: true, force: true });
}
