import { type Infer, s } from '../schema';
import { dhtIdSchema, dhtRequestIdSchema } from './dht-common';

/** `dhtPong` (code 65): `[requestId, senderNodeId]`, the answer to a `dhtPing`. */
export const dhtPongSchema = s.tuple([dhtRequestIdSchema, dhtIdSchema]);
/** The body of a `dhtPong` message. */
export type DhtPongBody = Infer<typeof dhtPongSchema>;
