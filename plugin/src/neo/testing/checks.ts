import { toHex } from '../../util/bytes';
import type { HarnessPeer } from './harness';

/** Result of comparing the members' logs round by round. */
export interface Agreement {
  /** Rounds logged by at least two of the members. */
  readonly compared: number;
  /** Rounds where two members logged different decisions (should be empty). */
  readonly mismatches: readonly string[];
  /** Rounds where two members hold different state hashes. */
  readonly hashMismatches: readonly number[];
}

/** Compares every round that at least two of `peers` applied: decisions and state hashes must be equal. */
export function agreement(peers: readonly HarnessPeer[]): Agreement {
  const rounds = new Set<number>();
  for (const p of peers) for (const r of p.state.log.keys()) rounds.add(r);
  const mismatches: string[] = [];
  const hashMismatches: number[] = [];
  let compared = 0;
  for (const r of [...rounds].sort((a, b) => a - b)) {
    const logs = peers.filter((p) => p.state.log.has(r));
    if (logs.length < 2) continue;
    compared++;
    const texts = new Set(logs.map((p) => p.state.log.get(r)));
    if (texts.size > 1) mismatches.push(`round ${r}: ${logs.map((p) => `${p.id}: ${p.state.log.get(r)}`).join(' / ')}`);
    const hashes = new Set(logs.map((p) => p.state.hashes.get(r)));
    if (hashes.size > 1) hashMismatches.push(r);
  }
  return { compared, mismatches, hashMismatches };
}

/**
 * Pairs of members that logged different decisions or hold different state hashes for a round
 * both of them confirmed (should be empty: confirmed rounds are final). `compared` counts the
 * (pair, round) checks made.
 */
export function confirmedDisagreements(peers: readonly HarnessPeer[]): { compared: number; found: string[] } {
  const found: string[] = [];
  let compared = 0;
  for (const a of peers) {
    for (const b of peers) {
      if (a.index >= b.index) continue;
      const upTo = Math.min(a.group.confirmedRound, b.group.confirmedRound);
      for (let r = 0; r <= upTo; r++) {
        const [la, lb] = [a.state.log.get(r), b.state.log.get(r)];
        const [ha, hb] = [a.state.hashes.get(r), b.state.hashes.get(r)];
        if (la !== undefined && lb !== undefined) compared++;
        if (la !== undefined && lb !== undefined && la !== lb) found.push(`round ${r}: ${a.id} ${la} / ${b.id} ${lb}`);
        if (ha !== undefined && hb !== undefined && ha !== hb) found.push(`round ${r}: hashes of ${a.id} and ${b.id}`);
      }
    }
  }
  return { compared, found };
}

/** How many of the inputs `authors` handed to NEO in rounds [from, to] ended up in `reference`'s log. */
export function acceptance(
  authors: readonly HarnessPeer[],
  reference: HarnessPeer,
  from: number,
  to: number,
): { offered: number; accepted: number; ratio: number; missing: string[] } {
  let offered = 0;
  let accepted = 0;
  const missing: string[] = [];
  for (const a of authors) {
    for (let r = from; r <= to; r++) {
      const input = a.state.taken.get(r);
      const line = reference.state.log.get(r);
      if (input === undefined || line === undefined) continue;
      offered++;
      if (line.includes(`${a.id}=${toHex(input)}`)) accepted++;
      else missing.push(`${a.id}@${r}`);
    }
  }
  return { offered, accepted, ratio: offered === 0 ? 1 : accepted / offered, missing };
}
