import { type PlayerCredentials, type VerifiedPlayer, verifyPlayerCerts } from '../../../auth';
import { err, ok } from '../../../util/result';
import { s } from '../../../wire';
import { certSchema } from '../../../wire/messages/common';
import type { DhtRecord } from '../record';
import { RecordRejection } from '../rejection';
import type { RecordValidator } from '../validator';
import { decodeRecordValue, encodeRecordValue } from '../value-codec';

/** Record type of a player's certificates. */
export const CERT_RECORD_TYPE = 'cert';
const valueSchema = s.tuple([certSchema, certSchema]);

/** The typed key of `playerId`'s certificate record. */
export function certRecordKey(playerId: string): string {
  return `cert:${playerId}`;
}

/**
 * The record a player publishes at join: `[keyCert, identityCert]`. Self-checking against the
 * pinned authority key; `seq` and `exp` are the key certificate's expiry, so a renewal is a
 * newer version and the record dies with the key certificate.
 */
export function certRecord(playerId: string, credentials: PlayerCredentials, keyExpiry: number): DhtRecord {
  return {
    type: CERT_RECORD_TYPE,
    key: certRecordKey(playerId),
    seq: keyExpiry,
    exp: keyExpiry,
    permanent: true,
    value: encodeRecordValue([credentials.key, credentials.identity]),
  };
}

/** `cert` records: both certificates verify, agree, and name the key's player; derived seq/exp. */
export const certValidator: RecordValidator<VerifiedPlayer> = {
  type: CERT_RECORD_TYPE,
  maxValueBytes: 2 * 1024,
  permanence: 'allowed',
  async verify(record, ctx) {
    const value = decodeRecordValue(valueSchema, record.value);
    if (!value.ok) return value;
    const [key, identity] = value.value;
    // Expiry is a time check (isLive); verify at time 0 so the outcome can be cached.
    const player = await verifyPlayerCerts(ctx.ed, ctx.authorityKey, { key, identity }, 0);
    if (!player.ok) {
      const code = player.error.code;
      return err(
        code === 'bad-signature'
          ? RecordRejection.BadSignature
          : code === 'wrong-type'
            ? RecordRejection.WrongKey
            : RecordRejection.Malformed,
      );
    }
    if (record.key !== certRecordKey(player.value.id)) return err(RecordRejection.WrongKey);
    if (record.seq !== player.value.expires || record.exp !== player.value.expires) {
      return err(RecordRejection.Inconsistent);
    }
    return ok(player.value);
  },
  isLive: (_record, player, now) => now < player.expires,
};
