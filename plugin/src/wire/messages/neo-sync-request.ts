import { type Infer, s } from '../schema';
import { neoRoundNumberSchema, neoTagSchema } from './neo-common';

/**
 * `neoSyncRequest` (code 34): asks a member for its decided rounds `from..to` (inclusive), or,
 * with `snapshot` true, for a snapshot of its state and control state.
 */
export const neoSyncRequestSchema = s.tuple([neoTagSchema, neoRoundNumberSchema, neoRoundNumberSchema, s.bool()]);
/** The body of a `neoSyncRequest` message. */
export type NeoSyncRequestBody = Infer<typeof neoSyncRequestSchema>;
