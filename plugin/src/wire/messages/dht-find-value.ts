import { type Infer, s } from '../schema';
import { dhtIdSchema, dhtRequestIdSchema } from './dht-common';

/** `dhtFindValue` (code 68): `[requestId, senderNodeId, key]`; asks for the record stored under `key`. */
export const dhtFindValueSchema = s.tuple([dhtRequestIdSchema, dhtIdSchema, dhtIdSchema]);
/** The body of a `dhtFindValue` message. */
export type DhtFindValueBody = Infer<typeof dhtFindValueSchema>;
