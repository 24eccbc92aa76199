/**
 * Writes the sample game's original art and maps into `assets/generated/` (see ../README.md).
 * Deterministic (no randomness beyond a fixed hash), so re-running it yields identical bytes.
 *
 *   npx tsx assets/scripts/generate.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAll } from './build';

/** Where the generated files go. */
export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'generated');

for (const [name, bytes] of generateAll()) {
  const path = join(OUT_DIR, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  console.log(`wrote ${path} (${bytes.length} bytes)`);
}
