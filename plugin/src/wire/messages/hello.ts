import { type Infer, s } from '../schema';
import { certSchema, peerIdSchema, signatureSchema, timeSchema } from './common';

/**
 * `hello` (code 1): sent by each side when a peer link opens. Carries the sender's key and
 * identity certificates, the recipient's id and the sender's clock, so the signature cannot be
 * replayed to another peer or much later.
 */
export const helloSchema = s.object({
  certs: s.object({ key: certSchema, identity: certSchema }),
  /** The recipient's peer id. */
  to: peerIdSchema,
  /** The sender's clock, ms. */
  at: timeSchema,
  sig: signatureSchema,
});
/** The body of a `hello` message. */
export type Hello = Infer<typeof helloSchema>;
