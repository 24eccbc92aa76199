/** Command-line options of `npm run bench`. */
export interface BenchArgs {
  /** Print one JSON object of every figure as the last line of output. */
  readonly json: boolean;
  /** Run only these sections (all when empty). */
  readonly only: readonly string[];
  /** Print usage and exit. */
  readonly help: boolean;
}

/** Parses `--json`, `--only <a[,b]>` (or `--only=a,b`, repeatable) and `--help`. */
export function parseBenchArgs(argv: readonly string[]): { ok: true; value: BenchArgs } | { ok: false; error: string } {
  let json = false;
  let help = false;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value === '' || value.startsWith('--')) {
        return { ok: false, error: '--only needs a section name' };
      }
      only.push(...value.split(',').filter((name) => name !== ''));
    } else {
      return { ok: false, error: `unknown argument: ${arg}` };
    }
  }
  return { ok: true, value: { json, only, help } };
}
