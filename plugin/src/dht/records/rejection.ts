/** Why a record was refused. Each reason is counted; none is ever thrown. */
export const RecordRejection = {
  /** No validator for the record's type. */
  UnknownType: 'unknown-type',
  /** The value does not parse under the type's schema. */
  Malformed: 'malformed',
  /** The value exceeds the type's size limit. */
  TooLarge: 'too-large',
  /** The typed key does not fit the type or does not name what the value is about. */
  WrongKey: 'wrong-key',
  /** A signature in the value does not verify (forged or tampered). */
  BadSignature: 'bad-signature',
  /** The record's expiry has passed (or everything in it decayed). */
  Expired: 'expired',
  /** `permanent` is set on a type that may not be permanent (or the reverse). */
  BadPermanence: 'bad-permanence',
  /** `seq` or `exp` differ from the values the content implies. */
  Inconsistent: 'inconsistent',
  /** A quorum certificate lacks a strict majority of valid member signatures. */
  NoQuorum: 'no-quorum',
  /** The group hook refused the member list of a quorum certificate. */
  Unauthorized: 'unauthorized',
  /** An older version than the one held (a replay). */
  Stale: 'stale',
} as const;
/** One of {@link RecordRejection}'s values. */
export type RecordRejection = (typeof RecordRejection)[keyof typeof RecordRejection];
