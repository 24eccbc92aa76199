import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** The text between the line matching `start` and the first match of `end` after it. */
const between = (text: string, start: RegExp, end: RegExp): string => {
  const open = start.exec(text);
  if (open === null) throw new Error(`marker ${start} not found`);
  const rest = text.slice(open.index + open[0].length);
  const to = rest.search(end);
  if (to < 0) throw new Error(`marker ${end} not found`);
  return rest.slice(0, to).trim();
};

it('the README shows exactly the integration example the browser test plays', () => {
  const example = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const code = between(example, /\/\/ --- readme start ---/, /\/\/ --- readme end ---/);
  const shown = between(readme, /<!-- readme-example start -->\n```ts/, /```\n<!-- readme-example end -->/);
  expect(shown).toBe(code);
});
