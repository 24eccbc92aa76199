import { type Infer, s } from '../schema';
import { dhtContactsSchema, dhtIdSchema, dhtRecordSchema, dhtRequestIdSchema } from './dht-common';

/**
 * `dhtValue` (code 69): `[requestId, senderNodeId, record | nil, contacts]`, the answer to a
 * `dhtFindValue`: the record when the sender holds a live one, and its closest contacts either way.
 */
export const dhtValueSchema = s.tuple([
  dhtRequestIdSchema,
  dhtIdSchema,
  s.nullable(dhtRecordSchema),
  dhtContactsSchema,
]);
/** The body of a `dhtValue` message. */
export type DhtValueBody = Infer<typeof dhtValueSchema>;
