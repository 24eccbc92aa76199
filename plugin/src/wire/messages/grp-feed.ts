import { type Infer, s } from '../schema';
import { neoRoundNumberSchema, neoTagSchema } from './neo-common';
import { neoDecidedSchema } from './neo-sync';

/**
 * `grpFeed` (code 97): what a member sends an observer of its group: decided rounds (as a repair
 * carries them), the signed round messages of a majority that report a state hash (`[round,
 * packed neoRound body]`: the observer checks their signatures and compares the hash with its
 * own), and at the start a snapshot `[round, room state, control state]`.
 */
export const grpFeedSchema = s.tuple([
  neoTagSchema,
  s.array(neoDecidedSchema, { max: 64 }),
  s.array(s.tuple([neoRoundNumberSchema, s.bytes({ min: 76, max: 12_288 })]), { max: 64 }),
  s.nullable(s.tuple([neoRoundNumberSchema, s.bytes({ max: 192 * 1024 }), s.bytes({ max: 32 * 1024 })])),
]);
/** The body of a `grpFeed` message. */
export type GrpFeedBody = Infer<typeof grpFeedSchema>;
