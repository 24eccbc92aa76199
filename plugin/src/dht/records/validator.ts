import type { Ed25519 } from '../../crypto';
import type { PeerId } from '../../transport/transport';
import type { Result } from '../../util/result';
import type { DhtRecord, ValidRecord } from './record';
import type { RecordRejection } from './rejection';
import type { ValidationCache } from './validation-cache';

/** A value or a promise of it: validators answer synchronously when nothing needs verifying. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Decides whether a group may write an area cell (the groups layer checks the member list against
 * the cell's group record). Without it, any member list of certified players is accepted.
 */
export type GroupAuthorizer = (zone: string, cell: string, members: readonly PeerId[]) => MaybePromise<boolean>;

/** What validators may use. */
export interface ValidationContext {
  readonly ed: Ed25519;
  /** The pinned authority public key. */
  readonly authorityKey: Uint8Array;
  /** Verification outcomes by digest (validators cache their own sub-parts here too). */
  readonly cache: ValidationCache;
  readonly authorizeGroup?: GroupAuthorizer;
}

/**
 * The rules of one record type. Adding a type is one file implementing this and one line in
 * `defaultValidators`.
 */
export interface RecordValidator<P = unknown> {
  /** The record `type` it validates. */
  readonly type: string;
  /** Largest accepted `value`, bytes. */
  readonly maxValueBytes: number;
  /** Whether `permanent` must be set, may be set, or must not be. */
  readonly permanence: 'required' | 'allowed' | 'forbidden';
  /**
   * Every time-independent check: key shape, value schema, signatures, derived `seq`/`exp`.
   * Its outcome is cached by record digest.
   */
  verify(record: DhtRecord, ctx: ValidationContext): MaybePromise<Result<P, RecordRejection>>;
  /** Checks that depend on the time (expiry, decay). */
  isLive(record: DhtRecord, parsed: P, now: number): boolean;
  /**
   * Combines the version held with an incoming valid version of the same key. Returns the record
   * to keep, or `undefined` when nothing of either is alive. Default: the higher `seq` wins; on a
   * tie, the larger digest (so every replica converges).
   */
  merge?(held: ValidRecord<P>, incoming: ValidRecord<P>, now: number): DhtRecord | undefined;
}
