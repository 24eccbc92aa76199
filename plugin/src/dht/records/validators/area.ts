import { bytesEqual } from '../../../util/bytes';
import { err, ok, type Result } from '../../../util/result';
import {
  AREA_MAX_BATCHES,
  AREA_PURPOSE,
  AREA_RECORD_TYPE,
  type AreaBatch,
  areaDerived,
  areaValueSchema,
  areaWriteDigest,
  batchDigestHex,
  batchFromWire,
  buildAreaRecord,
  mergeAreaBatches,
  parseAreaKey,
} from '../area';
import { checkQuorumShape, verifyQuorumCertificate } from '../quorum-cert';
import type { DhtRecord } from '../record';
import { RecordRejection } from '../rejection';
import type { MaybePromise, RecordValidator, ValidationContext } from '../validator';
import { decodeRecordValue } from '../value-codec';

/** A verified area record: its zone, cell and batches. */
export interface VerifiedArea {
  readonly zone: string;
  readonly cell: string;
  readonly batches: readonly AreaBatch[];
}

type Check = Result<void, RecordRejection>;

/** Verifies one batch's quorum certificate (and the group hook), cached by batch digest. */
function checkBatch(
  key: string,
  zone: string,
  cell: string,
  batch: AreaBatch,
  ctx: ValidationContext,
): MaybePromise<Check> {
  const cacheKey = `area-batch:${batchDigestHex(batch)}`;
  const cached = ctx.cache.get(cacheKey);
  if (cached !== undefined) return cached.ok ? ok(undefined) : err(cached.error);
  const ids = new Set<string>();
  for (const e of batch.entries) {
    if (ids.has(e.id)) return err(RecordRejection.Malformed);
    ids.add(e.id);
  }
  const shape = checkQuorumShape(batch.qc);
  if (!shape.ok) return err(shape.error === 'no-majority' ? RecordRejection.NoQuorum : RecordRejection.Malformed);
  const digest = areaWriteDigest(key, batch.seq, batch.entries);
  const work = (async (): Promise<Check> => {
    const authorized = ctx.authorizeGroup === undefined || (await ctx.authorizeGroup(zone, cell, batch.qc.members));
    if (!authorized) return err(RecordRejection.Unauthorized);
    const qc = await verifyQuorumCertificate(ctx.ed, ctx.authorityKey, batch.qc, AREA_PURPOSE, digest);
    if (qc.ok) return ok(undefined);
    return err(
      qc.error === 'bad-signature' || qc.error === 'bad-cert' ? RecordRejection.BadSignature : RecordRejection.NoQuorum,
    );
  })();
  return work.then((r) => {
    // A refusal by the group hook is not remembered: the groups layer may learn the group later.
    if (r.ok || r.error !== RecordRejection.Unauthorized) ctx.cache.set(cacheKey, r);
    return r;
  });
}

/**
 * `area` records: the ephemeral data of one zone cell. Every batch carries a quorum
 * certificate of a strict majority of the group that decided it; `seq`/`exp` are derived; a
 * store merges with the held version (union, per item the newer wins, decayed items dropped).
 */
export const areaValidator: RecordValidator<VerifiedArea> = {
  type: AREA_RECORD_TYPE,
  maxValueBytes: 48 * 1024,
  permanence: 'forbidden',
  verify(record: DhtRecord, ctx: ValidationContext): MaybePromise<Result<VerifiedArea, RecordRejection>> {
    const where = parseAreaKey(record.key);
    if (where === undefined) return err(RecordRejection.WrongKey);
    const value = decodeRecordValue(areaValueSchema, record.value);
    if (!value.ok) return value;
    if (value.value.length > AREA_MAX_BATCHES) return err(RecordRejection.TooLarge);
    const batches = value.value.map(batchFromWire);
    const canonical = buildAreaRecord(record.key, batches);
    if (canonical === undefined || !bytesEqual(canonical.value, record.value)) return err(RecordRejection.Malformed);
    const { seq, exp } = areaDerived(batches);
    if (record.seq !== seq || record.exp !== exp) return err(RecordRejection.Inconsistent);
    const parsed: VerifiedArea = { zone: where.zone, cell: where.cell, batches };
    const checks = batches.map((b) => checkBatch(record.key, where.zone, where.cell, b, ctx));
    const sync = checks.every((c) => !(c instanceof Promise));
    const decide = (results: readonly Check[]): Result<VerifiedArea, RecordRejection> => {
      for (const r of results) if (!r.ok) return r;
      return ok(parsed);
    };
    return sync ? decide(checks as Check[]) : Promise.all(checks).then(decide);
  },
  isLive: (record, _parsed, now) => record.exp > now,
  merge(held, incoming, now) {
    const key = incoming.record.key;
    return buildAreaRecord(key, mergeAreaBatches(held.parsed.batches, incoming.parsed.batches, now));
  },
};
