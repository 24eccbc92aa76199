import type { DhtPongBody } from '../../../wire/messages/dht-pong';

/** PING: proves liveness; the answer carries only the request id and our node id. */
export function handlePing(rid: number, selfNodeId: Uint8Array): DhtPongBody {
  return [rid, selfNodeId];
}
