import { type Infer, s } from '../schema';
import { dhtIdSchema, dhtRequestIdSchema } from './dht-common';

/** `dhtPing` (code 64): `[requestId, senderNodeId]`; asks for a `dhtPong`. */
export const dhtPingSchema = s.tuple([dhtRequestIdSchema, dhtIdSchema]);
/** The body of a `dhtPing` message. */
export type DhtPingBody = Infer<typeof dhtPingSchema>;
