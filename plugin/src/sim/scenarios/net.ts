import { VirtualClock } from '../../clock';
import { SeededRng } from '../../rng';
import { logNormalLatency } from '../../transport/sim/latency';
import { SimNetwork } from '../../transport/sim/sim-network';
import type { SimTransport } from '../../transport/sim/sim-transport';
import { Histogram, type Scenario, type SimArgs } from '../scenario';

/**
 * `net`: the raw network. N peers on SimNetwork with the log-normal latency model, each linked to
 * about `degree` random others, each sending a message to every neighbour every `interval` ms.
 * Measures what the transport delivers and how late, which every protocol figure builds on.
 */
export const netScenario: Scenario = {
  name: 'net',
  description: 'N peers on SimNetwork (log-normal latency) exchanging fixed-size messages with ~16 neighbours',
  flags: [
    '--peers N        peers (default 1000)',
    '--seconds S      virtual seconds of traffic (default 10)',
    '--degree D       neighbours per peer (default 16)',
    '--interval MS    send period (default 50)',
    '--bytes B        message size (default 200)',
    '--jitter MS      per-message jitter (default 5)',
    '--loss P         per-message loss probability (default 0)',
    '--seed S         seed (default 1)',
  ],
  run(args: SimArgs) {
    const peersN = args.number('peers', 1000);
    const seconds = args.number('seconds', 10);
    const degree = Math.min(args.number('degree', 16), peersN - 1);
    const interval = args.number('interval', 50);
    const bytes = Math.max(8, args.number('bytes', 200));
    const seed = args.number('seed', 1);
    const clock = new VirtualClock();
    const rng = new SeededRng(seed);
    const net = new SimNetwork({
      clock,
      rng: rng.fork(),
      latency: logNormalLatency({ seed }),
      jitterMs: args.number('jitter', 5),
      loss: args.number('loss', 0),
    });
    const peers: SimTransport[] = Array.from({ length: peersN }, (_, i) => net.createPeer(`p${i}`));

    // Topology: every peer dials random others until it has `degree` neighbours.
    const neighbours = peers.map(() => new Set<number>());
    for (let i = 0; i < peersN; i++) {
      for (let tries = 0; neighbours[i]!.size < degree && tries < degree * 20; tries++) {
        const j = rng.int(peersN);
        if (j === i || neighbours[i]!.has(j) || neighbours[j]!.size >= degree) continue;
        neighbours[i]!.add(j);
        neighbours[j]!.add(i);
        void peers[i]!.connect(`p${j}`);
      }
    }
    clock.advance(2000); // handshakes: one round trip each, at most 600 ms here
    const links = peers.reduce((n, p) => n + p.connectedPeers().length, 0);

    const delays = new Histogram(0.1, 5000);
    for (const p of peers) {
      p.on('message', (_from, data) => {
        delays.add(clock.now() - new DataView(data.buffer, data.byteOffset, 8).getFloat64(0));
      });
    }
    const start = clock.now();
    const end = start + seconds * 1000;
    const before = net.stats();
    for (const p of peers) {
      const targets = p.connectedPeers();
      const tick = (): void => {
        const payload = new Uint8Array(bytes);
        new DataView(payload.buffer).setFloat64(0, clock.now());
        for (const t of targets) p.send(t, payload);
        if (clock.now() + interval < end) clock.setTimeout(tick, interval);
      };
      clock.setTimeout(tick, rng.next() * interval);
    }
    clock.runUntil(end);
    clock.runAll(); // drain what is still in flight
    const after = net.stats();
    const sent = after.messagesSent - before.messagesSent;
    const delivered = after.messagesDelivered - before.messagesDelivered;
    const bytesPerSecondPerPeer = (after.bytesSent - before.bytesSent) / peersN / seconds;
    const json = {
      peers: peersN,
      averageDegree: round(links / peersN, 2),
      virtualSeconds: seconds,
      messagesSent: sent,
      messagesDelivered: delivered,
      messagesLost: after.messagesLost - before.messagesLost,
      deliveredRatio: round(sent === 0 ? 0 : delivered / sent, 4),
      delayMedianMs: round(delays.quantile(0.5), 1),
      delayP95Ms: round(delays.quantile(0.95), 1),
      bytesPerSecondPerPeer: Math.round(bytesPerSecondPerPeer),
    };
    return {
      json,
      rows: [
        ['peers', peersN],
        ['average degree', json.averageDegree],
        ['virtual seconds', seconds],
        ['messages sent', sent],
        ['delivered ratio', json.deliveredRatio],
        ['one-way delay median (ms)', json.delayMedianMs],
        ['one-way delay p95 (ms)', json.delayP95Ms],
        ['bytes/s sent per peer', json.bytesPerSecondPerPeer],
      ],
    };
  },
};

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
