import { type Infer, s } from '../schema';
import { dhtIdSchema, dhtRequestIdSchema } from './dht-common';

/** `dhtFindNode` (code 66): `[requestId, senderNodeId, target]`; asks for the contacts closest to `target`. */
export const dhtFindNodeSchema = s.tuple([dhtRequestIdSchema, dhtIdSchema, dhtIdSchema]);
/** The body of a `dhtFindNode` message. */
export type DhtFindNodeBody = Infer<typeof dhtFindNodeSchema>;
