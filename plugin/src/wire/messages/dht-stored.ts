import { type Infer, s } from '../schema';
import { dhtIdSchema, dhtRequestIdSchema } from './dht-common';

/**
 * `dhtStored` (code 71): `[requestId, senderNodeId, status]`, the answer to a `dhtStore`. Status
 * codes: 0 stored, 1 unchanged, 2 invalid, 3 stale, 4 full (see `plugin/spec/dht.md`).
 */
export const dhtStoredSchema = s.tuple([dhtRequestIdSchema, dhtIdSchema, s.uint({ max: 255 })]);
/** The body of a `dhtStored` message. */
export type DhtStoredBody = Infer<typeof dhtStoredSchema>;
