import type { Clock } from '../clock';
import type { Rng } from '../rng';
import type { DhtConfig } from './config';
import type { Contact, ContactFactory } from './contact';
import type { RecordStore } from './records/record-store';
import type { RecordValidation } from './records/validation';
import type { RoutingTable } from './routing/routing-table';

/** What the RPC handlers and the maintenance code of one node share. */
export interface NodeContext {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly config: DhtConfig;
  readonly selfNodeId: Uint8Array;
  readonly routing: RoutingTable;
  readonly store: RecordStore;
  readonly validation: RecordValidation;
  readonly contacts: ContactFactory;
  /** This node is the archival replica: it keeps every valid permanent record sent to it. */
  readonly archive: boolean;
  /** Earliest time maintenance has something to do (a pass before it returns at once). */
  readonly due: { at: number };
  /**
   * Bootstrap peers kept out of the routing table (the authority's node) that answered the last
   * join. Only a lookup that starts from an empty table asks them: a node cut off from everyone,
   * or the only player online, has nobody else to ask.
   */
  readonly fallback: { contacts: readonly Contact[] };
}

/**
 * The next republish time of a record stored (or re-stored) here now: 1.02 to 1.22 intervals.
 * The publisher republishes after exactly one interval, so it usually goes first; the spread
 * lets the first holder's STOREs reach the others before their own turn (which they then skip).
 */
export function nextRepublish(ctx: NodeContext, now: number): number {
  const at = now + ctx.config.republishIntervalMs * (1.02 + 0.2 * ctx.rng.next());
  if (at < ctx.due.at) ctx.due.at = at;
  return at;
}
