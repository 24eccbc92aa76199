import { type BanCertBody, type Cert, verifyCert } from '../../../auth';
import { err, ok } from '../../../util/result';
import { certSchema } from '../../../wire/messages/common';
import type { DhtRecord } from '../record';
import { RecordRejection } from '../rejection';
import type { RecordValidator } from '../validator';
import { decodeRecordValue, encodeRecordValue } from '../value-codec';

/** Record type of the authority's ban certificates. */
export const BAN_RECORD_TYPE = 'ban';

/** A verified ban: the certificate and what it says. */
export interface VerifiedBan {
  readonly body: BanCertBody;
  readonly cert: Cert;
}

/** The typed key of `playerId`'s ban record. */
export function banRecordKey(playerId: string): string {
  return `ban:${playerId}`;
}

/**
 * The record of a ban certificate: value = the certificate; `seq` = the ban's time, no expiry,
 * permanent (the authority archives and republishes it).
 */
export function banRecord(cert: Cert, body: BanCertBody): DhtRecord {
  return {
    type: BAN_RECORD_TYPE,
    key: banRecordKey(body.id),
    seq: body.at,
    exp: 0,
    permanent: true,
    value: encodeRecordValue(cert),
  };
}

/** `ban` records: an authority ban certificate for the player the key names. */
export const banValidator: RecordValidator<VerifiedBan> = {
  type: BAN_RECORD_TYPE,
  maxValueBytes: 1024 + 128,
  permanence: 'allowed',
  async verify(record, ctx) {
    const value = decodeRecordValue(certSchema, record.value);
    if (!value.ok) return value;
    const body = await verifyCert(ctx.ed, ctx.authorityKey, value.value, { now: 0 });
    if (!body.ok)
      return err(body.error.code === 'bad-signature' ? RecordRejection.BadSignature : RecordRejection.Malformed);
    if (body.value.t !== 'ban') return err(RecordRejection.WrongKey);
    if (record.key !== banRecordKey(body.value.id)) return err(RecordRejection.WrongKey);
    if (record.seq !== body.value.at || record.exp !== 0) return err(RecordRejection.Inconsistent);
    return ok({ body: body.value, cert: value.value });
  },
  isLive: () => true,
};
