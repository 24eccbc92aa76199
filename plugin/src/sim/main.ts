/**
 * `npm run sim -- --scenario <name>[,<name>...] [--json] [scenario flags]`
 *
 * Runs world-scale simulations in virtual time and prints a human-readable table of figures per
 * scenario. With `--json`, the LAST line of output is one JSON object nested by scenario name,
 * plus the total `wallSeconds`: `{"net":{...,"wallSeconds":3.2},"wallSeconds":3.2}`.
 * Add a scenario: one file in `scenarios/`, one line in the registry below.
 */
import { type Scenario, SimArgs } from './scenario';
import { dhtScenario } from './scenarios/dht';
import { netScenario } from './scenarios/net';
import { worldScenario } from './scenarios/world';

const scenarios: Record<string, Scenario> = {
  [netScenario.name]: netScenario,
  [dhtScenario.name]: dhtScenario,
  [worldScenario.name]: worldScenario,
};

function usage(): string {
  const lines = ['usage: npm run sim -- --scenario <name>[,<name>...|all] [--json] [flags]', '', 'scenarios:'];
  for (const s of Object.values(scenarios)) {
    lines.push(`  ${s.name.padEnd(10)} ${s.description}`);
    for (const f of s.flags) lines.push(`      ${f}`);
  }
  return lines.join('\n');
}

function table(title: string, rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return [`== ${title}`, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let args: SimArgs;
  try {
    args = new SimArgs(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage()}`);
    return 2;
  }
  if (args.flag('help')) {
    console.log(usage());
    return 0;
  }
  const requested = args.string('scenario', 'net');
  const names = requested === 'all' ? Object.keys(scenarios) : requested.split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => scenarios[n] === undefined);
  if (unknown.length > 0 || names.length === 0) {
    console.error(`unknown scenario ${unknown.join(', ')}\n\n${usage()}`);
    return 2;
  }
  const started = performance.now();
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const scenario = scenarios[name]!;
    const t0 = performance.now();
    const report = await scenario.run(args);
    const wallSeconds = Math.round(performance.now() - t0) / 1000;
    out[name] = { ...report.json, wallSeconds };
    console.log(table(name, [...report.rows, ['wall seconds', wallSeconds]]));
  }
  out.wallSeconds = Math.round(performance.now() - started) / 1000;
  if (args.flag('json')) console.log(JSON.stringify(out));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
