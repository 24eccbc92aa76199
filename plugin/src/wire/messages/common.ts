import { type Infer, s } from '../schema';

/** An Ed25519 signature: 64 bytes. */
export const signatureSchema = s.bytes({ len: 64 });

/** A peer id (also its PeerJS id): 1..64 characters of `[A-Za-z0-9_-]`. */
export const peerIdSchema = s.str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ });

/** A milliseconds timestamp on the sender's clock: finite and non-negative. */
export const timeSchema = s.float({ min: 0 });

/**
 * A certificate as carried on the wire: the authority-signed `body` (its layout belongs to the
 * auth module) and the authority's signature over it.
 */
export const certSchema = s.object({
  body: s.bytes({ min: 1, max: 1024 }),
  signature: signatureSchema,
});
/** A certificate as carried on the wire. */
export type Cert = Infer<typeof certSchema>;
