import type { Clock, TimerHandle } from '../../clock';
import type { Rng } from '../../rng';
import type { PeerId, Transport } from '../../transport/transport';
import { err, ok, type Result } from '../../util/result';
import { type MessageBody, MessageType, tryEncodeMessage } from '../../wire';
import { DhtError, DhtErrorCode } from '../errors';
import type { ConnectionManager } from '../network/connection-manager';
import { DHT_ANSWER, type DhtAnswerName, type DhtRequestName } from './messages';

interface Pending {
  readonly peer: PeerId;
  readonly expect: DhtAnswerName;
  readonly settle: (result: Result<unknown, DhtError>, linkClosed?: boolean) => void;
}

type Attempt<T> = { readonly result: Result<T, DhtError>; readonly linkClosed: boolean };

/** Options of one request. */
export interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Overrides the node's `rpcTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Extra attempts after a timeout (default 0). */
  readonly retries?: number;
}

/** Counters of the client side. */
export interface RpcClientCounters {
  sent: number;
  answered: number;
  timeouts: number;
  unreachable: number;
  /** Answers nobody waited for, from the wrong peer or of the wrong type. */
  unexpected: number;
}

/**
 * Sends DHT requests and matches answers: a fresh uint32 request id per attempt, the answer
 * must come from the peer asked and be of the expected type, a timer per attempt on the
 * injected clock, retries on timeout, and the caller's AbortSignal. Every outcome is a value.
 */
export class RpcClient {
  readonly #pending = new Map<number, Pending>();
  #nextId: number;
  #stopped = false;
  readonly counters: RpcClientCounters = { sent: 0, answered: 0, timeouts: 0, unreachable: 0, unexpected: 0 };

  constructor(
    private readonly transport: Transport,
    private readonly connections: ConnectionManager,
    private readonly clock: Clock,
    rng: Rng,
    private readonly selfNodeId: Uint8Array,
    private readonly defaultTimeoutMs: number,
  ) {
    this.#nextId = rng.int(0x1_0000_0000);
  }

  /** Sends request `name` with body `[requestId, selfNodeId, ...rest]` to `peer` and waits for its answer. */
  async request<N extends DhtRequestName>(
    peer: PeerId,
    name: N,
    rest: RestOf<N>,
    options: RequestOptions = {},
  ): Promise<Result<MessageBody<(typeof DHT_ANSWER)[N]>, DhtError>> {
    let attempts = 1 + Math.max(0, options.retries ?? 0);
    let reopened = false;
    for (;;) {
      const { result, linkClosed } = await this.#attempt(peer, name, rest, options);
      if (result.ok) return result;
      // A link closed under the request (the peer made room for others): one fresh link, once.
      if (linkClosed && !reopened) {
        reopened = true;
        continue;
      }
      attempts--;
      if (result.error.code !== DhtErrorCode.Timeout || attempts === 0) return result;
    }
  }

  /** Fails the requests waiting on `peer` at once when its link closes (no need to wait for the timeout). */
  onLinkClosed(peer: PeerId): void {
    for (const p of [...this.#pending.values()]) {
      if (p.peer === peer)
        p.settle(err(new DhtError(DhtErrorCode.Unreachable, `link to ${peer} closed`, { peer })), true);
    }
  }

  async #attempt<N extends DhtRequestName>(
    peer: PeerId,
    name: N,
    rest: RestOf<N>,
    options: RequestOptions,
  ): Promise<Attempt<MessageBody<(typeof DHT_ANSWER)[N]>>> {
    const done = (result: Result<never, DhtError>): Attempt<never> => ({ result, linkClosed: false });
    if (this.#stopped) return done(err(new DhtError(DhtErrorCode.Stopped, 'dht stopped', { peer })));
    const signal = options.signal;
    if (signal?.aborted) return done(err(new DhtError(DhtErrorCode.Aborted, 'request aborted', { peer })));
    const linked = await this.connections.ensure(peer, signal);
    if (!linked.ok) {
      if (linked.error.code === DhtErrorCode.Unreachable) this.counters.unreachable++;
      return done(linked);
    }
    const rid = this.#nextId;
    this.#nextId = (this.#nextId + 1) >>> 0;
    const body = [rid, this.selfNodeId, ...rest] as unknown as MessageBody<N>;
    const bytes = tryEncodeMessage(MessageType[name], body as never);
    if (!bytes.ok)
      return done(err(new DhtError(DhtErrorCode.Encoding, bytes.error.message, { peer, cause: bytes.error })));
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      const onAbort = (): void => finish(err(new DhtError(DhtErrorCode.Aborted, 'request aborted', { peer })));
      const finish = (result: Result<unknown, DhtError>, linkClosed = false): void => {
        if (!this.#pending.delete(rid)) return;
        if (timer !== undefined) this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.connections.release(peer);
        resolve({ result: result as Result<MessageBody<(typeof DHT_ANSWER)[N]>, DhtError>, linkClosed });
      };
      this.#pending.set(rid, { peer, expect: DHT_ANSWER[name], settle: finish });
      this.connections.acquire(peer);
      const sent = this.transport.send(peer, bytes.value);
      if (!sent.ok) {
        this.counters.unreachable++;
        finish(err(new DhtError(DhtErrorCode.Unreachable, sent.error.message, { peer, cause: sent.error })));
        return;
      }
      this.counters.sent++;
      const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
      timer = this.clock.setTimeout(() => {
        timer = undefined;
        this.counters.timeouts++;
        finish(err(new DhtError(DhtErrorCode.Timeout, `${name} to ${peer} timed out after ${timeoutMs} ms`, { peer })));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** An answer arrived; returns false when nobody waited for it (counted). */
  onAnswer(from: PeerId, name: DhtAnswerName, rid: number, body: unknown): boolean {
    const p = this.#pending.get(rid);
    if (p === undefined || p.peer !== from || p.expect !== name) {
      this.counters.unexpected++;
      return false;
    }
    this.counters.answered++;
    p.settle(ok(body));
    return true;
  }

  /** Fails every pending request with `stopped`. Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const p of [...this.#pending.values()])
      p.settle(err(new DhtError(DhtErrorCode.Stopped, 'dht stopped', { peer: p.peer })));
  }
}

/** The body of request `N` after the request id and sender node id. */
export type RestOf<N extends DhtRequestName> =
  MessageBody<N> extends readonly [number, Uint8Array, ...infer R] ? R : never;
