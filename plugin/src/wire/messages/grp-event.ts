import { type Infer, s } from '../schema';
import { peerIdSchema, signatureSchema } from './common';

const CELL = /^r[0-3]{0,31}$/;

/**
 * `grpEvent` (code 98): a leader carries a certified zone event to the leader of another leaf:
 * `[zone, scope, [id, kind, payload, at, origin, members, [[index, sig], ...]]]`. The receiver
 * puts it into its own group (whose members check the signatures) and carries it on to the
 * other parts of `scope`, the subtree it is responsible for.
 */
export const grpEventSchema = s.tuple([
  s.str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]{1,64}$/ }),
  s.str({ min: 1, max: 32, pattern: CELL }),
  s.tuple([
    s.str({ min: 1, max: 128, pattern: /^[A-Za-z0-9_.-]{1,128}$/ }),
    s.str({ min: 1, max: 32 }),
    s.bytes({ max: 512 }),
    s.float({ min: 0 }),
    s.str({ min: 1, max: 32, pattern: CELL }),
    s.array(peerIdSchema, { min: 1, max: 64 }),
    s.array(s.tuple([s.uint({ max: 63 }), signatureSchema]), { max: 64 }),
  ]),
]);
/** The body of a `grpEvent` message. */
export type GrpEventBody = Infer<typeof grpEventSchema>;
