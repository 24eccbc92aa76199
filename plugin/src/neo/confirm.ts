import { toHex } from '../util/bytes';
import { majority } from './schedule';

/** Bytes of a state hash as reported in round messages. */
export const REPORT_BYTES = 8;

/** The outcome of counting state-hash reports for one round. */
export interface HashTally {
  /**
   * The hash a strict majority of `n` reporters reported; or, once all `n` reported without a
   * majority, the most reported one (ties: the smallest hash), so a group split three ways still
   * converges.
   */
  readonly majority: Uint8Array | undefined;
  /** How many reported it. */
  readonly count: number;
  /** Reports counted. */
  readonly reports: number;
}

/** Counts reports (one per reporter) against a strict majority of `n` (pure). */
export function tallyReports(reports: Iterable<Uint8Array>, n: number): HashTally {
  const counts = new Map<string, { hash: Uint8Array; count: number }>();
  let total = 0;
  for (const r of reports) {
    total++;
    const key = toHex(r);
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { hash: r, count: 1 });
  }
  const need = majority(n);
  let best: { hash: Uint8Array; count: number; key: string } | undefined;
  for (const [key, c] of counts) {
    if (c.count >= need) return { majority: c.hash, count: c.count, reports: total };
    if (best === undefined || c.count > best.count || (c.count === best.count && key < best.key)) best = { ...c, key };
  }
  if (total >= n && best !== undefined) return { majority: best.hash, count: best.count, reports: total };
  return { majority: undefined, count: 0, reports: total };
}
