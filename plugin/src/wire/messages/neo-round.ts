import { s } from '../schema';
import type { NeoPlaintext } from './neo-common';

/** Smallest packed round body: the fixed header, two nil plaintexts and the signature. */
export const NEO_ROUND_MIN_BYTES = 4 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 64;
/** Largest packed round body accepted (two plaintexts of 16 ops and 4 KiB inputs, 255-member votes, with room). */
export const NEO_ROUND_MAX_BYTES = 12 * 1024;

/**
 * `neoRound` (code 32): one member's signed message for one NEO round, sent to every member at
 * the round's start. On the wire the body is one msgpack `bin` with a fixed binary layout
 * (`neo-round-layout.ts`, `plugin/spec/neo.md`): a round message goes to every member 20 times
 * a second, and msgpack's per-field framing would cost a fifth of it. The wire layer checks only
 * the length; the NEO engine parses the layout with {@link NeoRoundBody} as the result.
 */
export const neoRoundSchema = s.bytes({ min: NEO_ROUND_MIN_BYTES, max: NEO_ROUND_MAX_BYTES });

/**
 * The parsed content of a `neoRound` body, positional (indices are the engine's `B`):
 * `[tag, epoch, round16, sender, commit, prev, report, secret, plaintext, votes, echo,
 * echoVotes, sig]`. See `plugin/spec/neo.md` for every field's meaning.
 */
export type NeoRoundBody = readonly [
  /** 0 tag: the group's 32-bit tag. */
  tag: number,
  /** 1 epoch the sender sends in (a message is only read under its own epoch's parameters). */
  epoch: number,
  /** 2 round modulo 2^16. */
  round16: number,
  /** 3 sender: index in the epoch's member list. */
  sender: number,
  /** 4 commitment to this round's plaintext (16 bytes), or nil. */
  commit: Uint8Array | null,
  /** 5 one-byte digest of the sender's commitment of the previous round (0: none). */
  prev: number,
  /** 6 first 8 bytes of the sender's state hash after the report round, or nil. */
  report: Uint8Array | null,
  /** 7 reveal secret of round - k (16 bytes), or nil. */
  secret: Uint8Array | null,
  /** 8 revealed plaintext of round - k. */
  plaintext: NeoPlaintext,
  /** 9 votes on round - k: one digest byte per member, 0 = not received in time; nil when none are due. */
  votes: Uint8Array | null,
  /** 10 echo: revealed plaintext of round - k - 1 (its secret follows from field 7). */
  echo: NeoPlaintext,
  /** 11 echo: votes on round - k - 1 (small groups only), or nil. */
  echoVotes: Uint8Array | null,
  /** 12 Ed25519 signature over the canonical signing payload. */
  sig: Uint8Array,
];
