import type { PeerId } from '../../transport/transport';
import { err, ok, type Result } from '../../util/result';
import type { Contact } from '../contact';
import { DhtError, DhtErrorCode } from '../errors';
import { refreshBucket } from '../maintenance/refresh';
import { runLookup } from '../query/lookup';
import type { NodeInternals } from './internals';

/** What joining achieved. */
export interface BootstrapResult {
  /** Bootstrap peers that answered. */
  readonly reached: number;
  /** Contacts in the routing table afterwards. */
  readonly contacts: number;
  /** Requests sent in all. */
  readonly queried: number;
}

const ignore = (): void => {};

/**
 * Joins the network (Kademlia section 2.3): pings the bootstrap peers (which puts them in the
 * routing table with their node ids, except the ones it excludes: the authority's node), looks up
 * our own id through them (which fills the near buckets and announces us to the nodes close to
 * us), then refreshes every bucket farther than our closest neighbour with a (shallow) lookup of a
 * random id in it. The excluded peers that answered are kept as `ctx.fallback`: asked again only
 * by a lookup that starts from an empty table.
 */
export async function bootstrapNode(
  n: NodeInternals,
  peers: readonly PeerId[],
  signal?: AbortSignal,
): Promise<Result<BootstrapResult, DhtError>> {
  const ctx = n.ctx;
  const self = ctx.selfNodeId;
  const others = peers.filter((p) => p !== n.selfId);
  const pings = await Promise.all(others.map((p) => n.rpc.request(p, 'dhtPing', [], { signal, retries: 1 })));
  const reached = pings.filter((r) => r.ok).length;
  if (signal?.aborted) return err(new DhtError(DhtErrorCode.Aborted, 'bootstrap aborted'));
  // The answer's sender id was checked against the peer's authenticated id on receipt.
  const seeds: Contact[] = [];
  pings.forEach((r, i) => {
    if (r.ok && ctx.routing.isExcluded(others[i]!)) seeds.push(ctx.contacts.fromNodeId(r.value[1]));
  });
  if (seeds.length > 0) ctx.fallback.contacts = seeds;
  if (ctx.routing.size === 0 && seeds.length === 0) {
    const first = pings.find((r) => !r.ok);
    const why = first !== undefined && !first.ok ? `: ${first.error.code} (${first.error.message})` : '';
    return err(new DhtError(DhtErrorCode.NoPeers, `no bootstrap peer answered${why}`, { cause: first }));
  }
  let queried = others.length;
  const own = await runLookup(ctx, n.rpc, { target: self, mode: 'node', signal, emit: ignore, seeds });
  if (!own.ok) return own;
  queried += own.value.queried;
  const nearest = own.value.closest[0];
  const depth = nearest === undefined ? 0 : ctx.routing.bucketIndex(nearest.nodeId);
  const refreshes: Promise<void>[] = [];
  for (let i = 0; i < depth; i++) {
    refreshes.push(
      refreshBucket(n, i, signal).then((sent) => {
        queried += sent;
      }),
    );
  }
  await Promise.all(refreshes);
  ctx.routing.touchAll(depth + 1, ctx.clock.now());
  return ok({ reached, contacts: ctx.routing.size, queried });
}
