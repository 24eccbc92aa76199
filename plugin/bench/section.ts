/**
 * The benchmark harness's extension point: one `BenchSection` per file in `sections/`,
 * registered in `sections/index.ts`. A section measures and returns figures; it never asserts
 * timing (machines are shared and noisy, so figures are compared as ratios by people).
 */

/** A figure: a number (units in the key name, e.g. `signMs`, `sealUs`), a label, or a nested group. */
export type Figure = number | string | boolean | null | Figures;

/** A nested object of figures; the table shows it flattened to dotted keys. */
export interface Figures {
  [key: string]: Figure;
}

/** One benchmark section. */
export interface BenchSection {
  /** Key of the section in the JSON output and the name `--only` selects. */
  readonly name: string;
  /** One line on what it measures (shown by `--help`). */
  readonly description: string;
  /** Runs the measurements and returns the figures. */
  run(): Promise<Figures>;
}
