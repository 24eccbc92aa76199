import { type Infer, s } from '../schema';
import { dhtIdSchema, dhtRecordSchema, dhtRequestIdSchema } from './dht-common';

/** `dhtStore` (code 70): `[requestId, senderNodeId, record]`; asks the receiver to validate and keep `record`. */
export const dhtStoreSchema = s.tuple([dhtRequestIdSchema, dhtIdSchema, dhtRecordSchema]);
/** The body of a `dhtStore` message. */
export type DhtStoreBody = Infer<typeof dhtStoreSchema>;
