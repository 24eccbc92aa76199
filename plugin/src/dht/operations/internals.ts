import type { PeerId } from '../../transport/transport';
import type { NodeContext } from '../context';
import type { DhtRecord } from '../records/record';
import type { RpcClient } from '../rpc/rpc-client';
import type { DhtCounters } from '../stats';

/** A record this node published itself (it republishes it every interval while it lives). */
export interface Published {
  record: DhtRecord;
  republishAt: number;
}

/** What the operations of one node share. */
export interface NodeInternals {
  /** This node's peer id. */
  readonly selfId: PeerId;
  readonly ctx: NodeContext;
  readonly rpc: RpcClient;
  readonly counters: DhtCounters;
  /** Archival replicas that also get every permanent record (the authority's node). */
  archivePeers: readonly PeerId[];
  /** Records published by this node, by DHT key (hex). */
  readonly published: Map<string, Published>;
}
