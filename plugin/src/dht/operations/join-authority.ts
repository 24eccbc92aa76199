import type { AuthorityClient } from '../../auth';
import { err, ok, type Result } from '../../util/result';
import { DhtError, DhtErrorCode } from '../errors';
import type { DhtNode } from '../node';
import type { BootstrapResult } from './bootstrap';

/**
 * Joins the DHT through the authority: `GET /api/bootstrap` (the authority's own DHT node first,
 * then recently connected peers), makes the authority's node the archival replica of this
 * node's permanent records (and so keeps it out of the routing table: a bootstrap and archive,
 * not a routing contact), and bootstraps through the list.
 */
export async function joinThroughAuthority(
  node: DhtNode,
  authority: AuthorityClient,
  options: { signal?: AbortSignal } = {},
): Promise<Result<BootstrapResult & { readonly archive: string | undefined }, DhtError>> {
  const list = await authority.getBootstrap(options.signal);
  if (!list.ok)
    return err(new DhtError(DhtErrorCode.NoPeers, `no bootstrap list: ${list.error.message}`, { cause: list.error }));
  const archive = list.value[0];
  node.setArchivePeers(archive === undefined ? [] : [archive]);
  const joined = await node.bootstrap(list.value, options);
  return joined.ok ? ok({ ...joined.value, archive }) : joined;
}
