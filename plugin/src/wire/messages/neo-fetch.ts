import { type Infer, s } from '../schema';
import { neoMemberIndexSchema, neoRound16Schema, neoTagSchema } from './neo-common';

/**
 * `neoFetch` (code 33): asks a member to forward round messages it holds, each named by
 * (round modulo 2^16, sender index). The answer is the original signed `neoRound` messages.
 */
export const neoFetchSchema = s.tuple([
  neoTagSchema,
  s.array(s.tuple([neoRound16Schema, neoMemberIndexSchema]), { min: 1, max: 64 }),
]);
/** The body of a `neoFetch` message. */
export type NeoFetchBody = Infer<typeof neoFetchSchema>;
