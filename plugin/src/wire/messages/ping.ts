import { type Infer, s } from '../schema';
import { timeSchema } from './common';

/** `ping` (code 2): asks for a `pong`, for round-trip time and clock-offset measurement. */
export const pingSchema = s.object({
  /** Matches the pong to its ping. */
  nonce: s.uint({ max: 0xffff_ffff }),
  /** The sender's clock when sending, ms. */
  t: timeSchema,
});
/** The body of a `ping` message. */
export type Ping = Infer<typeof pingSchema>;
