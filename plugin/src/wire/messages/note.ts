import { type Infer, s } from '../schema';
import { signatureSchema, timeSchema } from './common';

/** `note` (code 4): a signed free-text message between players. */
export const noteSchema = s.object({
  /** The text, 0..500 UTF-16 code units. */
  text: s.str({ max: 500 }),
  /** The sender's clock, ms. */
  at: timeSchema,
  sig: signatureSchema,
});
/** The body of a `note` message. */
export type Note = Infer<typeof noteSchema>;
