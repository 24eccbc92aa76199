import { SeededRng } from '../../rng';
import type { Scenario, ScenarioReport, SimArgs } from '../scenario';
import { type DhtSimOptions, runDhtSimulation } from './dht-run';

/**
 * `dht`: the Kademlia DHT at world scale on SimNetwork, in virtual time, with the benchmark's
 * latency model (log-normal one-way delays, median 40 ms). N nodes join through the authority's
 * node (the archival replica); 1,000 records (certificates and bans, permanent; area records,
 * ephemeral) are stored from random nodes; 5,000 lookups from random nodes; then 30% of the
 * nodes leave at once without a word, the survivors run one republish interval of maintenance,
 * and 5,000 lookups run again.
 */
export const dhtScenario: Scenario = {
  name: 'dht',
  description: 'Kademlia DHT: N nodes join, 1,000 signed records, 5,000 lookups, 30% churn, republish, lookups again',
  flags: [
    '--nodes N        nodes (default 1000)',
    '--records R      records stored (default 1000: 40% cert, 10% ban, 50% area)',
    '--lookups L      lookups before and after churn (default 5000)',
    '--churn F        fraction of nodes that leave at once (default 0.3)',
    '--join-batch B   nodes joining concurrently (default 64)',
    '--k K --alpha A --quorum Q   protocol parameters (default 20, 3, 3)',
    '--republish S    republish and refresh interval, virtual seconds (default 3600)',
    '--seed S         seed (default 1)',
  ],
  async run(args: SimArgs): Promise<ScenarioReport> {
    const options: DhtSimOptions = {
      nodes: Math.max(2, args.number('nodes', 1000)),
      records: Math.max(1, args.number('records', 1000)),
      lookups: Math.max(1, args.number('lookups', 5000)),
      churn: Math.min(0.9, Math.max(0, args.number('churn', 0.3))),
      joinBatch: Math.max(1, args.number('join-batch', 64)),
      k: args.number('k', 20),
      alpha: args.number('alpha', 3),
      quorum: args.number('quorum', 3),
      republishMs: args.number('republish', 3600) * 1000,
      seed: args.number('seed', 1),
      log: args.flag('json') ? undefined : (line) => console.error(line),
    };
    const r = await runDhtSimulation(options, new SeededRng(options.seed));
    return {
      json: r,
      rows: [
        ['nodes', r.nodes],
        ['records (cert/ban/area)', `${r.records} (${r.recordKinds})`],
        ['join: messages per node', r.join.messagesPerNode],
        ['put success', r.put.success],
        ['lookup hops median / p95', `${r.hops.median} / ${r.hops.p95}`],
        ['lookup ms median / p95', `${r.lookupMs.median} / ${r.lookupMs.p95}`],
        ['lookup success', r.success],
        ['nodes left at once', r.afterChurn.left],
        ['after churn: success', r.afterChurn.success],
        ['after churn: permanent success', r.afterChurn.permanentSuccess],
        ['after churn: hops median / p95', `${r.afterChurn.hops.median} / ${r.afterChurn.hops.p95}`],
        ['after churn: ms median / p95', `${r.afterChurn.lookupMs.median} / ${r.afterChurn.lookupMs.p95}`],
        ['maintenance bytes/s per node (median)', r.maintenanceBytesPerSecPerNode],
        [
          'open links per node median / p95 / max',
          `${r.openLinksPerNode.median} / ${r.openLinksPerNode.p95} / ${r.openLinksPerNode.max}`,
        ],
        ['signatures verified / cache hits', `${r.validation.verified} / ${r.validation.cacheHits}`],
        ['cost model', r.validation.costModel],
        ['virtual seconds', r.virtualSeconds],
        ['heap MB', r.heapMB],
      ],
    };
  },
};
