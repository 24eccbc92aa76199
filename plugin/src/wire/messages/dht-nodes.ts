import { type Infer, s } from '../schema';
import { dhtContactsSchema, dhtIdSchema, dhtRequestIdSchema } from './dht-common';

/** `dhtNodes` (code 67): `[requestId, senderNodeId, contacts]`, the answer to a `dhtFindNode`. */
export const dhtNodesSchema = s.tuple([dhtRequestIdSchema, dhtIdSchema, dhtContactsSchema]);
/** The body of a `dhtNodes` message. */
export type DhtNodesBody = Infer<typeof dhtNodesSchema>;
