/**
 * An authoritative client/server game on the scenario's SimNetwork. The server sits at the
 * best-connected player's network position: its delay to each player is that player's delay to
 * the best-connected one, and 1 ms (lossless: same host) to the best-connected player itself.
 * Clients send each input the moment it is produced; the server applies the inputs that arrived
 * at its next tick (20 Hz) and sends the tick's inputs to every client; an input is applied at a
 * client when the tick carrying it arrives. Both directions use {@link ReliableEndpoint}
 * (retransmission on loss, the RTO favouring this baseline).
 */
import type { PeerId } from '../../src/transport/transport';
import type { Figures } from '../section';
import { median } from '../timing';
import { decodeInputs, encodeInputs, INPUT_BYTES } from './input-codec';
import type { LatencyRecorder } from './recorder';
import { ReliableEndpoint, rtoMs } from './reliable';
import { oneWay, type Scenario } from './scenario';
import { createSimSetup } from './sim-setup';

/** The server's peer id on the simulated network. */
export const SERVER_ID = 'server';
/** Server tick length, ms (20 Hz). */
export const TICK_MS = 50;
/** One-way delay between the server and the player it is co-located with, ms. */
export const COLOCATED_MS = 1;

/** The player (not the slow one) with the lowest median one-way delay to the others. */
export function bestConnected(s: Scenario): PeerId {
  let best: PeerId | undefined;
  let bestMedian = Number.POSITIVE_INFINITY;
  for (const p of s.players) {
    if (p === s.slow) continue;
    const m = median(s.players.filter((q) => q !== p).map((q) => oneWay(s, p, q)));
    if (m < bestMedian) {
      best = p;
      bestMedian = m;
    }
  }
  if (best === undefined) throw new Error('client-server: no candidate for the server position');
  return best;
}

/** Runs the client/server game over the whole scenario (plus its drain time), recording into `recorder`. */
export async function runClientServer(s: Scenario, recorder: LatencyRecorder): Promise<Figures> {
  const host = bestConnected(s);
  const serverDelay = (p: PeerId): number => (p === host ? COLOCATED_MS : oneWay(s, host, p));
  const { clock, transports } = await createSimSetup(s, [SERVER_ID], (net) => {
    for (const p of s.players) net.setLinkLatency(SERVER_ID, p, serverDelay(p));
    net.setLinkLoss(SERVER_ID, host, 0);
  });
  const index = new Map(s.players.map((p, i) => [p, i] as const));
  // Server: inputs received since the last tick, as (producer index, encoded input).
  let pending: { producer: number; input: Uint8Array }[] = [];
  const server = new ReliableEndpoint(
    transports.get(SERVER_ID)!,
    clock,
    (to) => rtoMs(serverDelay(to)),
    (from, payload) => {
      pending.push({ producer: index.get(from)!, input: payload.slice() });
    },
  );
  const clients = new Map(
    s.players.map((id) => {
      const onTick = (_from: PeerId, payload: Uint8Array): void => {
        const at = clock.now();
        for (let o = 0; o < payload.length; o += 1 + INPUT_BYTES) {
          if (s.players[payload[o]!] === id) continue;
          for (const input of decodeInputs(payload.subarray(o + 1, o + 1 + INPUT_BYTES))) recorder.apply(input, id, at);
        }
      };
      const c = new ReliableEndpoint(transports.get(id)!, clock, () => rtoMs(serverDelay(id)), onTick);
      return [id, c] as const;
    }),
  );
  let ticks = 0;
  const tick = (): void => {
    ticks++;
    if (pending.length > 0) {
      const payload = new Uint8Array(pending.length * (1 + INPUT_BYTES));
      pending.forEach((e, i) => {
        payload[i * (1 + INPUT_BYTES)] = e.producer;
        payload.set(e.input, i * (1 + INPUT_BYTES) + 1);
      });
      pending = [];
      for (const p of s.players) server.send(p, payload);
    }
    clock.setTimeout(tick, TICK_MS);
  };
  const now = clock.now();
  clock.setTimeout(tick, s.startMs - now);
  for (const e of s.inputs) {
    clock.setTimeout(() => clients.get(e.player)!.send(SERVER_ID, encodeInputs([e.id])), e.at - now);
  }
  clock.runUntil(s.endMs + s.drainMs);
  server.stop();
  for (const c of clients.values()) c.stop();
  const others = s.players.filter((p) => p !== host).map(serverDelay);
  return {
    serverAt: host,
    tickMs: TICK_MS,
    ticks,
    serverOneWayMedianMs: median(others),
    retransmissions: server.retransmissions + [...clients.values()].reduce((n, c) => n + c.retransmissions, 0),
  };
}
