import { type Infer, s } from '../schema';
import { timeSchema } from './common';

/** `pong` (code 3): the answer to a `ping`. */
export const pongSchema = s.object({
  /** The ping's nonce. */
  nonce: s.uint({ max: 0xffff_ffff }),
  /** The ping's `t`, echoed. */
  t: timeSchema,
  /** The responder's clock when answering, ms. */
  t2: timeSchema,
});
/** The body of a `pong` message. */
export type Pong = Infer<typeof pongSchema>;
