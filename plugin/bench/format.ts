import type { Figure, Figures } from './section';

/** Rounds a figure to 4 significant digits (integers are kept whole). */
export function roundFigure(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  return Number(value.toPrecision(4));
}

function isGroup(value: Figure): value is Figures {
  return typeof value === 'object' && value !== null;
}

/** `{a: {b: 1}}` -> `[['a.b', 1]]`, in insertion order. */
export function flattenFigures(figures: Figures, prefix = ''): [string, Exclude<Figure, Figures>][] {
  const out: [string, Exclude<Figure, Figures>][] = [];
  for (const [key, value] of Object.entries(figures)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isGroup(value)) out.push(...flattenFigures(value, path));
    else out.push([path, value]);
  }
  return out;
}

/** The same nested figures with every number rounded by {@link roundFigure}. */
export function roundFigures(figures: Figures): Figures {
  const out: Figures = {};
  for (const [key, value] of Object.entries(figures)) {
    out[key] = isGroup(value) ? roundFigures(value) : typeof value === 'number' ? roundFigure(value) : value;
  }
  return out;
}

/** An aligned two-column table of the flattened figures: names left, values right-aligned. */
export function formatTable(figures: Figures): string {
  const rows = flattenFigures(figures).map(([key, value]): [string, string] => [
    key,
    typeof value === 'number' ? String(roundFigure(value)) : String(value),
  ]);
  if (rows.length === 0) return '(no figures)';
  const keyWidth = Math.max('figure'.length, ...rows.map(([key]) => key.length));
  const valueWidth = Math.max('value'.length, ...rows.map(([, value]) => value.length));
  const line = `${'-'.repeat(keyWidth)}  ${'-'.repeat(valueWidth)}`;
  const body = rows.map(([key, value]) => `${key.padEnd(keyWidth)}  ${value.padStart(valueWidth)}`);
  return [`${'figure'.padEnd(keyWidth)}  ${'value'.padStart(valueWidth)}`, line, ...body].join('\n');
}
