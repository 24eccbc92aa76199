/**
 * What limits NEO's latency on the scenario's network, computed from its pair delays (no
 * simulation): a round is applied at a receiver once every accepted member's key has reached it,
 * and a key may leave only after the deadline kR, which must cover the time for commitments to
 * reach a majority. So a round's latency is at least R/2 (an input waits for its round) + kR +
 * the largest one-way delay from an accepted member to the receiver.
 */
import type { Figures } from '../section';
import { median } from '../timing';
import { fastPlayers, oneWay, type Scenario } from './scenario';

/** The terms of the bound over the scenario's players other than the slow one (who is removed). */
export function neoBound(s: Scenario, roundMs: number | null, k: number | null): Figures {
  const fast = fastPlayers(s);
  const n = fast.length;
  const majority = Math.floor(n / 2) + 1;
  // Time for a member's message to reach a strict majority (itself included).
  const reach = fast.map((a) => {
    const ds = fast
      .filter((b) => b !== a)
      .map((b) => oneWay(s, a, b))
      .sort((x, y) => x - y);
    return ds[majority - 2]!;
  });
  // Per receiver: the slowest key (direct), and the slowest with the best one-member relay.
  const keyWait = fast.map((me) => Math.max(...fast.filter((j) => j !== me).map((j) => oneWay(s, j, me))));
  const relayed = (j: string, me: string): number =>
    Math.min(
      oneWay(s, j, me),
      ...fast.filter((x) => x !== j && x !== me).map((x) => oneWay(s, j, x) + oneWay(s, x, me)),
    );
  const keyWaitRelayed = fast.map((me) => Math.max(...fast.filter((j) => j !== me).map((j) => relayed(j, me))));
  // Ordered pairs whose key would arrive sooner through a one-member relay (each such copy is a
  // forwarded signed message: bytes and a verification).
  const relayedPairs = fast.reduce(
    (sum, me) => sum + fast.filter((j) => j !== me && relayed(j, me) < oneWay(s, j, me)).length,
    0,
  );
  const maxReach = Math.max(...reach);
  const m = median(keyWait);
  const out: Figures = {
    members: n,
    majorityReachMedianMs: median(reach),
    majorityReachMaxMs: maxReach,
    keyWaitMedianMs: m,
    keyWaitWithRelayMedianMs: median(keyWaitRelayed),
    relayedPairs,
    orderedPairs: fast.length * (fast.length - 1),
    floorAnyRoundMs: maxReach + m,
    // The earliest a member could hold every member's commitment (the early-reveal rule in
    // neo.md) is the same quantity as its key wait: the slowest one-way delay into it.
    allCommitmentsInMinMs: Math.min(...keyWait),
  };
  if (roundMs !== null && k !== null) out.floorAtRunTimingMs = roundMs / 2 + k * roundMs + m;
  return out;
}
