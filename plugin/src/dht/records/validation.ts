import { err, ok, type Result } from '../../util/result';
import { hexOf } from '../ids';
import { type DhtRecord, describeRecord, recordDigest, type ValidRecord } from './record';
import { RecordRejection } from './rejection';
import type { ValidationCache } from './validation-cache';
import type { MaybePromise, RecordValidator, ValidationContext } from './validator';

type Outcome = Result<ValidRecord, RecordRejection>;

/**
 * The validator registry of one node: validates every record on STORE and on every read,
 * caches signature checks by digest, counts refusals per reason, and resolves two versions of a
 * key (higher `seq` wins, or the type's own merge).
 */
export class RecordValidation {
  readonly #validators = new Map<string, RecordValidator>();
  /** Records refused, per reason. */
  readonly rejections: Record<RecordRejection, number>;

  constructor(
    validators: readonly RecordValidator[],
    readonly ctx: ValidationContext,
  ) {
    for (const v of validators) {
      if (this.#validators.has(v.type)) throw new RangeError(`two validators for record type ${v.type}`);
      this.#validators.set(v.type, v as RecordValidator);
    }
    this.rejections = Object.fromEntries(Object.values(RecordRejection).map((r) => [r, 0])) as Record<
      RecordRejection,
      number
    >;
  }

  /** The validator of `type`, if registered. */
  validator(type: string): RecordValidator | undefined {
    return this.#validators.get(type);
  }

  /** Full validation at time `now`. Synchronous when the signatures are already in the cache. */
  validate(record: DhtRecord, now: number): MaybePromise<Outcome> {
    const v = this.#validators.get(record.type);
    if (v === undefined) return this.#refuse(RecordRejection.UnknownType);
    if (record.value.length > v.maxValueBytes) return this.#refuse(RecordRejection.TooLarge);
    if ((v.permanence === 'required' && !record.permanent) || (v.permanence === 'forbidden' && record.permanent)) {
      return this.#refuse(RecordRejection.BadPermanence);
    }
    const digest = recordDigest(record);
    const hex = hexOf(digest);
    const cache = this.ctx.cache;
    const cached = cache.get(hex);
    if (cached !== undefined) return this.#finish(v, record, digest, cached, now);
    const running = cache.flight(hex);
    if (running !== undefined) return running.then((result) => this.#finish(v, record, digest, result, now));
    let checked: MaybePromise<Result<unknown, RecordRejection>>;
    try {
      checked = v.verify(record, this.ctx);
    } catch {
      checked = err(RecordRejection.Malformed);
    }
    if (!(checked instanceof Promise)) {
      remember(cache, hex, checked);
      return this.#finish(v, record, digest, checked, now);
    }
    const settled = cache.fly(
      hex,
      checked
        .catch(() => err(RecordRejection.Malformed))
        .then((result) => {
          remember(cache, hex, result);
          return result;
        }),
    );
    return settled.then((result) => this.#finish(v, record, digest, result, now));
  }

  /**
   * Resolves the version `held` with a valid `incoming` one: the record to keep (possibly a
   * merge of both), or `undefined` when nothing of either is alive any more.
   */
  combine(
    held: ValidRecord,
    incoming: ValidRecord,
    now: number,
  ): MaybePromise<Result<ValidRecord | undefined, RecordRejection>> {
    if (held.digestHex === incoming.digestHex) return ok(held);
    const v = this.#validators.get(incoming.record.type);
    if (v === undefined || held.record.type !== incoming.record.type) return ok(incoming);
    if (v.merge === undefined) return ok(newer(held, incoming));
    const merged = v.merge(held, incoming, now);
    if (merged === undefined) return ok(undefined);
    const digest = hexOf(recordDigest(merged));
    if (digest === held.digestHex) return ok(held);
    if (digest === incoming.digestHex) return ok(incoming);
    return this.validate(merged, now);
  }

  #finish(
    v: RecordValidator,
    record: DhtRecord,
    digest: Uint8Array,
    result: Result<unknown, RecordRejection>,
    now: number,
  ): Outcome {
    if (!result.ok) return this.#refuse(result.error);
    if (!v.isLive(record, result.value, now)) return this.#refuse(RecordRejection.Expired);
    return ok(describeRecord(record, result.value, digest));
  }

  #refuse(reason: RecordRejection): Outcome {
    this.rejections[reason]++;
    return err(reason);
  }
}

/**
 * Caches a verification outcome. A refusal by the group hook is not cached: the groups layer may
 * simply not know the cell's group yet.
 */
function remember(cache: ValidationCache, hex: string, result: Result<unknown, RecordRejection>): void {
  if (result.ok || result.error !== RecordRejection.Unauthorized) cache.set(hex, result);
}

/** The version a read or a store keeps when the type does not merge: higher seq, then larger digest. */
export function newer<P>(a: ValidRecord<P>, b: ValidRecord<P>): ValidRecord<P> {
  if (a.record.seq !== b.record.seq) return a.record.seq > b.record.seq ? a : b;
  return a.digestHex >= b.digestHex ? a : b;
}
