/**
 * `npm run bench [-- --json] [-- --only <section>[,<section>]]`: runs the registered sections
 * in order, prints an aligned table of every figure (dotted keys) and, with `--json`, one JSON
 * object nested by section as the last line of stdout. Progress goes to stderr.
 */
import { parseBenchArgs } from './args';
import { formatTable, roundFigures } from './format';
import type { Figures } from './section';
import { SECTIONS } from './sections';

function usage(): string {
  const names = SECTIONS.map((s) => `  ${s.name.padEnd(12)} ${s.description}`).join('\n');
  return `usage: npm run bench -- [--json] [--only <section>[,<section>]]\n\nsections:\n${names}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseBenchArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n${usage()}\n`);
    return 2;
  }
  const args = parsed.value;
  if (args.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const unknown = args.only.filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown section: ${unknown.join(', ')}\n${usage()}\n`);
    return 2;
  }
  const selected = args.only.length === 0 ? SECTIONS : SECTIONS.filter((s) => args.only.includes(s.name));

  let status = 0;
  const results: Figures = {};
  for (const section of selected) {
    process.stderr.write(`bench: ${section.name}...\n`);
    const start = performance.now();
    try {
      results[section.name] = roundFigures(await section.run());
    } catch (error) {
      status = 1;
      results[section.name] = { error: error instanceof Error ? error.message : String(error) };
    }
    process.stderr.write(`bench: ${section.name} took ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  }

  process.stdout.write(`Benchmarks (Node ${process.version}, ${process.platform}/${process.arch})\n`);
  process.stdout.write(`${formatTable(results)}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  return status;
}

process.exitCode = await main(process.argv.slice(2));
