import { type Infer, s } from '../schema';
import { signatureSchema } from './common';
import {
  NEO_MAX_MEMBERS,
  neoMemberIndexSchema,
  neoPlaintextSchema,
  neoRound16Schema,
  neoTagSchema,
} from './neo-common';

const votes = s.nullable(s.bytes({ min: 1, max: NEO_MAX_MEMBERS }));

/**
 * `neoRound` (code 32): one member's signed message for one NEO round, sent to every member at
 * the round's start. Positional; see `plugin/spec/neo.md` for every field's meaning.
 */
export const neoRoundSchema = s.tuple([
  /** 0 tag: the group's 32-bit tag. */
  neoTagSchema,
  /** 1 epoch the sender sends in (a message is only read under its own epoch's parameters). */
  s.uint({ max: 0xffff_ffff }),
  /** 2 round modulo 2^16. */
  neoRound16Schema,
  /** 3 sender: index in the epoch's member list. */
  neoMemberIndexSchema,
  /** 4 commitment to this round's plaintext (16 bytes), or nil. */
  s.nullable(s.bytes({ len: 16 })),
  /** 5 one-byte digest of the sender's commitment of the previous round (0: none). */
  s.uint({ max: 255 }),
  /** 6 first 8 bytes of the sender's state hash after the report round, or nil. */
  s.nullable(s.bytes({ len: 8 })),
  /** 7 reveal secret of round - k (16 bytes), or nil. */
  s.nullable(s.bytes({ len: 16 })),
  /** 8 revealed plaintext of round - k. */
  neoPlaintextSchema,
  /** 9 votes on round - k: one digest byte per member, 0 = not received in time; nil when none are due. */
  votes,
  /** 10 echo: revealed plaintext of round - k - 1 (its secret follows from field 7). */
  neoPlaintextSchema,
  /** 11 echo: votes on round - k - 1 (small groups only), or nil. */
  votes,
  /** 12 Ed25519 signature over the canonical signing payload. */
  signatureSchema,
]);
/** The body of a `neoRound` message. */
export type NeoRoundBody = Infer<typeof neoRoundSchema>;
