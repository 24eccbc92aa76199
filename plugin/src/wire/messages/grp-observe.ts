import { type Infer, s } from '../schema';
import { neoTagSchema } from './neo-common';

/**
 * `grpObserve` (code 96): an observer asks a member of a group (by its NEO tag) to feed it the
 * group's decided rounds (`on`), or to stop (`!on`). Sent to one member at a time.
 */
export const grpObserveSchema = s.tuple([neoTagSchema, s.bool()]);
/** The body of a `grpObserve` message. */
export type GrpObserveBody = Infer<typeof grpObserveSchema>;
