/**
 * A SimNetwork for the lockstep and client/server simulators, built from the scenario exactly
 * as the NEO harness builds its own: same seed, same pair model, same loss, the slow player's
 * links overridden, every pair connected before the protocol starts.
 */
import { VirtualClock } from '../../src/clock';
import { SimNetwork } from '../../src/transport/sim/sim-network';
import type { SimTransport } from '../../src/transport/sim/sim-transport';
import type { PeerId } from '../../src/transport/transport';
import { applySlowPlayer, type Scenario } from './scenario';

/** A connected simulated network. */
export interface SimSetup {
  readonly clock: VirtualClock;
  readonly net: SimNetwork;
  readonly transports: ReadonlyMap<PeerId, SimTransport>;
}

/**
 * Creates the scenario's players (plus `extra` peers, whose links the caller sets in
 * `configure`), connects every pair, applies the slow player's delay and `configure`, and
 * returns at virtual time 500 ms, before the scenario's start.
 */
export async function createSimSetup(
  s: Scenario,
  extra: readonly PeerId[] = [],
  configure?: (net: SimNetwork) => void,
): Promise<SimSetup> {
  const clock = new VirtualClock();
  const net = new SimNetwork({ clock, seed: s.seed, latency: s.base, loss: s.loss, detectionMs: 60_000 });
  const ids = [...s.players, ...extra];
  const transports = new Map(ids.map((id) => [id, net.createPeer(id)] as const));
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) void transports.get(ids[i]!)!.connect(ids[j]!);
  }
  await clock.tick(500, 50);
  for (const [id, t] of transports) {
    if (t.connectedPeers().length !== ids.length - 1) throw new Error(`sim setup: ${id} is not connected to everyone`);
  }
  // Like the NEO harness: links open on the base model, then the overrides apply to them.
  applySlowPlayer(s, net);
  configure?.(net);
  return { clock, net, transports };
}
