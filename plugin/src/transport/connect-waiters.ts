import type { Clock, TimerHandle } from '../clock';
import { err, ok, type Result } from '../util/result';
import { type ConnectOptions, type PeerId, TransportError, TransportErrorCode } from './transport';

interface Waiter {
  readonly settle: (result: Result<void, TransportError>) => void;
}

/**
 * Pending `connect` calls, per remote peer, each with its own timeout (on the injected clock)
 * and abort signal. Both transports use it, so timeout and abort behave the same everywhere.
 */
export class ConnectWaiters {
  #byPeer = new Map<PeerId, Set<Waiter>>();

  /**
   * @param onGiveUp called when the last waiter for `peer` timed out or was aborted, so the
   *   transport can drop a half-open attempt nobody waits for any more.
   */
  constructor(
    private readonly clock: Clock,
    private readonly defaultTimeoutMs: number,
    private readonly onGiveUp: (peer: PeerId) => void,
  ) {}

  /** Whether someone waits for a link to `peer`. */
  has(peer: PeerId): boolean {
    return (this.#byPeer.get(peer)?.size ?? 0) > 0;
  }

  /** Registers a waiter; settles on {@link resolve}, {@link fail}, timeout or abort. */
  wait(peer: PeerId, options: ConnectOptions | undefined): Promise<Result<void, TransportError>> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.resolve(err(aborted(peer)));
    return new Promise((resolve) => {
      let set = this.#byPeer.get(peer);
      if (set === undefined) {
        set = new Set();
        this.#byPeer.set(peer, set);
      }
      const waiters = set;
      let timer: TimerHandle | undefined;
      const finish = (result: Result<void, TransportError>, gaveUp: boolean): void => {
        if (!waiters.delete(waiter)) return;
        if (timer !== undefined) this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (waiters.size === 0 && this.#byPeer.get(peer) === waiters) this.#byPeer.delete(peer);
        resolve(result);
        if (gaveUp && !this.has(peer)) this.onGiveUp(peer);
      };
      const waiter: Waiter = { settle: (result) => finish(result, false) };
      const onAbort = (): void => finish(err(aborted(peer)), true);
      waiters.add(waiter);
      const timeoutMs = options?.timeoutMs ?? this.defaultTimeoutMs;
      timer = this.clock.setTimeout(() => {
        timer = undefined;
        const e = new TransportError(TransportErrorCode.Timeout, `connect to ${peer} timed out after ${timeoutMs} ms`, {
          peer,
        });
        finish(err(e), true);
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Settles every waiter for `peer` with success. */
  resolve(peer: PeerId): void {
    this.#settle(peer, ok(undefined));
  }

  /** Settles every waiter for `peer` with `error`. */
  fail(peer: PeerId, error: TransportError): void {
    this.#settle(peer, err(error));
  }

  /** Settles every waiter of every peer with an error made by `make`. */
  failAll(make: (peer: PeerId) => TransportError): void {
    for (const peer of [...this.#byPeer.keys()]) this.fail(peer, make(peer));
  }

  #settle(peer: PeerId, result: Result<void, TransportError>): void {
    const set = this.#byPeer.get(peer);
    if (set === undefined) return;
    this.#byPeer.delete(peer);
    for (const waiter of [...set]) waiter.settle(result);
  }
}

function aborted(peer: PeerId): TransportError {
  return new TransportError(TransportErrorCode.Aborted, `connect to ${peer} was aborted`, { peer });
}
