/** What every `npm run sim` scenario implements. One file per scenario under `scenarios/`. */

/** Command-line flags of one run (`--name value`, `--name=value`, bare `--flag`). */
export class SimArgs {
  readonly #values = new Map<string, string>();

  constructor(argv: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] ?? '';
      if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
      const eq = arg.indexOf('=');
      if (eq > 0) this.#values.set(arg.slice(2, eq), arg.slice(eq + 1));
      else {
        const next = argv[i + 1];
        const hasValue = next !== undefined && !next.startsWith('--');
        this.#values.set(arg.slice(2), hasValue ? next : 'true');
        if (hasValue) i++;
      }
    }
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  string(name: string, fallback: string): string {
    return this.#values.get(name) ?? fallback;
  }

  number(name: string, fallback: number): number {
    const raw = this.#values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got ${raw}`);
    return n;
  }

  flag(name: string): boolean {
    const raw = this.#values.get(name);
    return raw !== undefined && raw !== 'false';
  }
}

/** A scenario's figures: rows for the human table, and the object nested under its name in the JSON. */
export interface ScenarioReport {
  rows: [label: string, value: string | number][];
  json: Record<string, unknown>;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Help lines for its own flags, e.g. `--peers N   peers (default 1000)`. */
  readonly flags: readonly string[];
  run(args: SimArgs): Promise<ScenarioReport> | ScenarioReport;
}

/** Percentile helper for histograms with fixed-width bins. */
export class Histogram {
  readonly #bins: Uint32Array;
  #count = 0;
  #overflow = 0;

  constructor(
    readonly binWidth: number,
    readonly max: number,
  ) {
    this.#bins = new Uint32Array(Math.ceil(max / binWidth));
  }

  add(value: number): void {
    this.addMany(value, 1);
  }

  /** Adds `count` samples of `value`. */
  addMany(value: number, count: number): void {
    this.#count += count;
    const bin = Math.floor(value / this.binWidth);
    if (bin >= this.#bins.length) this.#overflow += count;
    else this.#bins[Math.max(0, bin)]! += count;
  }

  get count(): number {
    return this.#count;
  }

  /** Upper edge of the bin holding quantile `q` (0..1); `Infinity` when it is in the overflow. */
  quantile(q: number): number {
    const target = Math.ceil(q * this.#count);
    let seen = 0;
    for (let i = 0; i < this.#bins.length; i++) {
      seen += this.#bins[i]!;
      if (seen >= target && seen > 0) return (i + 1) * this.binWidth;
    }
    return this.#overflow > 0 ? Number.POSITIVE_INFINITY : 0;
  }
}
