import type { BanCertBody, Cert } from '../../auth';
import type { Clock } from '../../clock';
import { LruCache } from '../../crypto/lru';
import { err, ok, type Result } from '../../util/result';
import { DhtError, DhtErrorCode } from '../errors';
import type { DhtNode } from '../node';
import type { PutResult } from '../operations/replicate';
import { BAN_RECORD_TYPE, banRecord, banRecordKey, type VerifiedBan } from '../records/validators/ban';

/** Options of {@link BanChecker}. */
export interface BanCheckerOptions {
  readonly dht: DhtNode;
  readonly clock: Clock;
  /** How long "not banned" is believed before asking again, ms (default 60 s). Bans are kept. */
  readonly ttlMs?: number;
  /** Players remembered (default 4096). */
  readonly cacheSize?: number;
}

/** The answer for one player. */
export interface BanStatus {
  readonly banned: boolean;
  /** The verified ban, when banned. */
  readonly ban?: VerifiedBan;
  /** Clock time of the answer. */
  readonly checkedAt: number;
}

/**
 * Ban checks through the DHT (paper section 3.1): on first contact with a player, look up its
 * `ban` record; a valid authority ban certificate means every message of that player is
 * ignored. "Not banned" is cached for `ttlMs` only, so a ban the authority publishes reaches a
 * peer that asks again within that time plus one lookup; a ban is cached for good.
 */
export class BanChecker {
  readonly #dht: DhtNode;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #cache: LruCache<string, BanStatus>;
  readonly #inflight = new Map<string, Promise<Result<BanStatus, DhtError>>>();

  constructor(options: BanCheckerOptions) {
    this.#dht = options.dht;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#cache = new LruCache(options.cacheSize ?? 4096);
  }

  /**
   * Whether `playerId` is banned: the cached answer while fresh, else a DHT read. A failed read
   * (no peers, timeouts) is an error value: the caller decides whether to admit the player.
   */
  check(playerId: string, options: { signal?: AbortSignal } = {}): Promise<Result<BanStatus, DhtError>> {
    const cached = this.cached(playerId);
    if (cached !== undefined) return Promise.resolve(ok(cached));
    let pending = this.#inflight.get(playerId);
    if (pending === undefined) {
      pending = this.#fetch(playerId, options.signal).finally(() => this.#inflight.delete(playerId));
      this.#inflight.set(playerId, pending);
    }
    return pending;
  }

  /** The cached answer, if still fresh (a ban is always fresh). */
  cached(playerId: string): BanStatus | undefined {
    const s = this.#cache.get(playerId);
    if (s === undefined) return undefined;
    if (s.banned || this.#clock.now() - s.checkedAt < this.#ttlMs) return s;
    this.#cache.delete(playerId);
    return undefined;
  }

  /** Synchronous answer from the cache: `undefined` when unknown (call {@link check}). */
  isBanned(playerId: string): boolean | undefined {
    return this.cached(playerId)?.banned;
  }

  /** Records a ban verified elsewhere (for example one received from the authority). */
  remember(ban: VerifiedBan): void {
    this.#cache.set(ban.body.id, { banned: true, ban, checkedAt: this.#clock.now() });
  }

  /** Publishes a ban certificate into the DHT (the authority does this on every ban). */
  publish(cert: Cert, body: BanCertBody, options: { signal?: AbortSignal } = {}): Promise<Result<PutResult, DhtError>> {
    this.remember({ cert, body });
    return this.#dht.put(banRecord(cert, body), options).result;
  }

  async #fetch(playerId: string, signal?: AbortSignal): Promise<Result<BanStatus, DhtError>> {
    const r = await this.#dht.get(banRecordKey(playerId), { signal }).result;
    const checkedAt = this.#clock.now();
    if (!r.ok) {
      if (r.error.code !== DhtErrorCode.NotFound) return err(r.error);
      const status: BanStatus = { banned: false, checkedAt };
      this.#cache.set(playerId, status);
      return ok(status);
    }
    if (r.value.record.type !== BAN_RECORD_TYPE)
      return err(new DhtError(DhtErrorCode.InvalidRecord, 'not a ban record'));
    const status: BanStatus = { banned: true, ban: r.value.valid.parsed as VerifiedBan, checkedAt };
    this.#cache.set(playerId, status);
    return ok(status);
  }
}
