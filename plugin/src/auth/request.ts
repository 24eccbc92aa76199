import type { Clock } from '../clock';
import { err, ok, type Result } from '../util/result';
import { AuthError, AuthErrorCode } from './errors';

/** A request for {@link requestJson}. */
export interface JsonRequest {
  readonly fetch: typeof globalThis.fetch;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** JSON body (POST only). */
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
}

/** A 2xx answer with its parsed JSON, or the {@link AuthError} the exchange maps to. */
export type HttpAnswer = Result<{ status: number; json: unknown }, AuthError>;

function errorText(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const text = (json as { error?: unknown }).error;
  return typeof text === 'string' ? text.slice(0, 300) : undefined;
}

/** Maps a non-2xx answer to its error code. */
function statusError(status: number, json: unknown): AuthError {
  const text = errorText(json);
  const message = text ?? `HTTP ${status}`;
  if (status === 409 && text === 'name taken') return new AuthError(AuthErrorCode.NameTaken, message, { status });
  if (status === 403 && text === 'banned') {
    const reason = (json as { reason?: unknown }).reason;
    const full = typeof reason === 'string' ? `banned: ${reason.slice(0, 300)}` : message;
    return new AuthError(AuthErrorCode.Banned, full, { status });
  }
  if (status === 429) return new AuthError(AuthErrorCode.RateLimited, message, { status });
  if (status >= 400 && status < 500) return new AuthError(AuthErrorCode.Rejected, message, { status });
  return new AuthError(AuthErrorCode.Unreachable, `authority failed: ${message}`, { status });
}

/**
 * One JSON exchange with the authority: timeout on the injected clock, caller abort, network
 * failure, non-JSON and non-2xx answers all become an {@link AuthError}. Never rejects.
 */
export async function requestJson(req: JsonRequest): Promise<HttpAnswer> {
  if (req.signal?.aborted) return err(new AuthError(AuthErrorCode.Aborted, 'aborted', { cause: req.signal.reason }));
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = req.clock.setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, req.timeoutMs);
  try {
    const init: RequestInit = {
      method: req.method,
      signal: controller.signal,
      headers: { accept: 'application/json' },
    };
    if (req.body !== undefined) {
      init.body = JSON.stringify(req.body);
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    }
    const res = await req.fetch(req.url, init);
    const text = await res.text();
    let json: unknown;
    let parsed = true;
    try {
      json = JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (res.status < 200 || res.status >= 300) return err(statusError(res.status, json));
    if (!parsed)
      return err(new AuthError(AuthErrorCode.BadResponse, 'authority answered non-JSON', { status: res.status }));
    return ok({ status: res.status, json });
  } catch (cause) {
    if (req.signal?.aborted) return err(new AuthError(AuthErrorCode.Aborted, 'aborted', { cause }));
    const message = timedOut ? `no answer within ${req.timeoutMs} ms` : 'authority unreachable';
    return err(new AuthError(AuthErrorCode.Unreachable, message, { cause }));
  } finally {
    if (!timedOut) req.clock.clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
