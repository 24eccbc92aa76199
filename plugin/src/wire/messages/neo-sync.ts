import { type Infer, s } from '../schema';
import { NEO_MAX_MEMBERS, neoPlaintextSchema, neoRoundNumberSchema, neoTagSchema } from './neo-common';

/** One decided round as a repair carries it: round, epoch, accepted-member bitmask, plaintexts, seed. */
export const neoDecidedSchema = s.tuple([
  neoRoundNumberSchema,
  s.uint(),
  s.bytes({ min: 0, max: Math.ceil(NEO_MAX_MEMBERS / 8) }),
  s.array(neoPlaintextSchema, { max: NEO_MAX_MEMBERS }),
  s.bytes({ len: 32 }),
]);

/**
 * `neoSync` (code 35): the answer to a `neoSyncRequest`: decided rounds, and/or a snapshot
 * `[round, room state bytes, control state bytes]` taken after `round`.
 */
export const neoSyncSchema = s.tuple([
  neoTagSchema,
  s.array(neoDecidedSchema, { max: 64 }),
  s.nullable(s.tuple([neoRoundNumberSchema, s.bytes({ max: 192 * 1024 }), s.bytes({ max: 32 * 1024 })])),
]);
/** The body of a `neoSync` message. */
export type NeoSyncBody = Infer<typeof neoSyncSchema>;
/** One decided round inside a `neoSync`. */
export type NeoDecidedWire = Infer<typeof neoDecidedSchema>;
