import { type Infer, s } from '../schema';
import { peerIdSchema } from './common';
import { NEO_MAX_MEMBERS, neoRoundNumberSchema, neoTagSchema } from './neo-common';

/** Parameters of one epoch: `[epoch, firstRound, t0, roundMs, k, members]`. */
export const neoEpochSchema = s.tuple([
  s.uint(),
  neoRoundNumberSchema,
  s.float({ min: 0 }),
  s.uint({ min: 1, max: 60_000 }),
  s.uint({ min: 1, max: 255 }),
  s.array(peerIdSchema, { min: 1, max: NEO_MAX_MEMBERS }),
]);

/** `neoWelcome` (code 37): tells a joining peer the epoch it joins at. */
export const neoWelcomeSchema = s.tuple([neoTagSchema, neoEpochSchema]);
/** The body of a `neoWelcome` message. */
export type NeoWelcomeBody = Infer<typeof neoWelcomeSchema>;
/** Epoch parameters on the wire. */
export type NeoEpochWire = Infer<typeof neoEpochSchema>;
