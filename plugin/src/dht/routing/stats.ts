import type { RoutingTable } from './routing-table';

/** A summary of a routing table. */
export interface RoutingStats {
  readonly contacts: number;
  /** Buckets in use (deepest index + 1). */
  readonly depth: number;
}

export function routingStats(table: RoutingTable): RoutingStats {
  return { contacts: table.size, depth: table.depth };
}
