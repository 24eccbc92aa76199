import { type Infer, s } from '../schema';
import { neoTagSchema } from './neo-common';

/** `neoJoin` (code 36): a peer asks the member it sends this to to relay its join into the group. */
export const neoJoinSchema = s.tuple([neoTagSchema]);
/** The body of a `neoJoin` message. */
export type NeoJoinBody = Infer<typeof neoJoinSchema>;
