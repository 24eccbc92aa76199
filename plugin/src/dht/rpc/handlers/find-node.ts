import type { DhtFindNodeBody } from '../../../wire/messages/dht-find-node';
import type { DhtNodesBody } from '../../../wire/messages/dht-nodes';
import type { Contact } from '../../contact';
import type { NodeContext } from '../../context';

/** FIND_NODE: the k contacts we know closest to the target, the requester excluded. */
export function handleFindNode(ctx: NodeContext, from: Contact, body: DhtFindNodeBody): DhtNodesBody {
  const closest = ctx.routing.closest(body[2], ctx.config.k, from.id);
  return [body[0], ctx.selfNodeId, closest.map((c) => c.nodeId)];
}
