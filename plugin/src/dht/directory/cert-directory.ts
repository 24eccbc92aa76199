import { type PlayerCredentials, parseCertBody, type VerifiedPlayer } from '../../auth';
import type { Clock } from '../../clock';
import { LruCache } from '../../crypto/lru';
import { err, ok, type Result } from '../../util/result';
import { DhtError, DhtErrorCode } from '../errors';
import type { DhtNode } from '../node';
import type { PutResult } from '../operations/replicate';
import { CERT_RECORD_TYPE, certRecord, certRecordKey } from '../records/validators/cert';

/** Options of {@link CertDirectory}. */
export interface CertDirectoryOptions {
  readonly dht: DhtNode;
  readonly clock: Clock;
  /** Players remembered (default 1024). */
  readonly cacheSize?: number;
  /** How long "no certificate record" is remembered, ms (default 10 s). */
  readonly negativeTtlMs?: number;
}

type Entry = { readonly player: VerifiedPlayer } | { readonly missingUntil: number };

/**
 * Players' certificates through the DHT (paper section 3.1): a player publishes its key and
 * identity certificates at join; any peer that meets an unknown player looks them up, gets them
 * verified against the pinned authority key, and keeps the answer until the key certificate
 * expires. Concurrent lookups of one player share one DHT read.
 */
export class CertDirectory {
  readonly #dht: DhtNode;
  readonly #clock: Clock;
  readonly #cache: LruCache<string, Entry>;
  readonly #negativeTtlMs: number;
  readonly #inflight = new Map<string, Promise<Result<VerifiedPlayer, DhtError>>>();

  constructor(options: CertDirectoryOptions) {
    this.#dht = options.dht;
    this.#clock = options.clock;
    this.#cache = new LruCache(options.cacheSize ?? 1024);
    this.#negativeTtlMs = options.negativeTtlMs ?? 10_000;
  }

  /** Publishes `playerId`'s certificates (a permanent `cert` record, renewed by `seq` = key expiry). */
  async publish(
    playerId: string,
    credentials: PlayerCredentials,
    options: { signal?: AbortSignal } = {},
  ): Promise<Result<PutResult, DhtError>> {
    const body = parseCertBody(credentials.key.body);
    if (!body.ok || body.value.t !== 'key') {
      return err(new DhtError(DhtErrorCode.InvalidRecord, 'the key certificate does not parse'));
    }
    return this.#dht.put(certRecord(playerId, credentials, body.value.exp), options).result;
  }

  /** The verified certificates of `playerId`: from the cache, else from the DHT. */
  lookup(playerId: string, options: { signal?: AbortSignal } = {}): Promise<Result<VerifiedPlayer, DhtError>> {
    const known = this.#fresh(playerId);
    if (known !== undefined) {
      if ('player' in known) return Promise.resolve(ok(known.player));
      return Promise.resolve(err(new DhtError(DhtErrorCode.NotFound, `no certificates for ${playerId} (cached)`)));
    }
    let pending = this.#inflight.get(playerId);
    if (pending === undefined) {
      pending = this.#fetch(playerId, options.signal).finally(() => this.#inflight.delete(playerId));
      this.#inflight.set(playerId, pending);
    }
    return pending;
  }

  /** The cached certificates of `playerId`, if still valid. */
  cached(playerId: string): VerifiedPlayer | undefined {
    const e = this.#fresh(playerId);
    return e !== undefined && 'player' in e ? e.player : undefined;
  }

  /** Remembers certificates verified elsewhere (for example by the hello handshake). */
  remember(player: VerifiedPlayer): void {
    if (player.expires > this.#clock.now()) this.#cache.set(player.id, { player });
  }

  #fresh(playerId: string): Entry | undefined {
    const e = this.#cache.get(playerId);
    if (e === undefined) return undefined;
    const now = this.#clock.now();
    if ('player' in e ? e.player.expires > now : e.missingUntil > now) return e;
    this.#cache.delete(playerId);
    return undefined;
  }

  async #fetch(playerId: string, signal?: AbortSignal): Promise<Result<VerifiedPlayer, DhtError>> {
    const r = await this.#dht.get(certRecordKey(playerId), { signal }).result;
    if (!r.ok) {
      if (r.error.code === DhtErrorCode.NotFound) {
        this.#cache.set(playerId, { missingUntil: this.#clock.now() + this.#negativeTtlMs });
      }
      return r;
    }
    if (r.value.record.type !== CERT_RECORD_TYPE)
      return err(new DhtError(DhtErrorCode.InvalidRecord, 'not a cert record'));
    const player = r.value.valid.parsed as VerifiedPlayer;
    this.#cache.set(playerId, { player });
    return ok(player);
  }
}
