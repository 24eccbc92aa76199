import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { MAX_REQUEST_BYTES } from '../auth';
import type { ErrorResponseJson } from '../auth/protocol';
import type { Logger } from './logger';
import type { RateLimiter } from './rate-limit';

/** A 4xx (or 5xx) answer to send as JSON `{"error": ...}`; throw it from a route. */
export class HttpError extends Error {
  readonly status: number;
  readonly extra: Omit<ErrorResponseJson, 'error'>;

  constructor(status: number, message: string, extra: Omit<ErrorResponseJson, 'error'> = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

/** Sends `{"error": message, ...extra}` with `status`. */
export function sendError(res: Response, status: number, message: string, extra: object = {}): void {
  res.status(status).json({ error: message, ...extra });
}

/** Wraps an async route so a rejection reaches the error handler (Express 4 does not do that). */
export function route(fn: (req: Request, res: Response) => Promise<void> | void): RequestHandler {
  return (req, res, next) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch(next);
  };
}

/** Answers 405 for a known path with another method. */
export function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.setHeader('Allow', allow);
    sendError(res, 405, `method ${req.method} not allowed; use ${allow}`);
  };
}

const jsonParser = express.json({ limit: MAX_REQUEST_BYTES, strict: true, type: () => true });

/** Content-type check, then the size-limited JSON parser: the prefix of every POST route. */
export const jsonBody: RequestHandler[] = [
  (req, _res, next) => {
    const type = req.is('application/json');
    if (type === null || req.headers['content-length'] === '0') next(new HttpError(400, 'missing JSON body'));
    else if (type === false) next(new HttpError(415, 'content type must be application/json'));
    else next();
  },
  jsonParser,
];

/** Takes a token from `limiter` for the client's address; 429 with Retry-After when empty. */
export function rateLimited(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const decision = limiter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (decision.ok) return next();
    res.setHeader('Retry-After', String(Math.ceil(decision.retryAfterMs / 1000)));
    sendError(res, 429, 'rate limited', { retryAfterMs: decision.retryAfterMs });
  };
}

/** CORS for the JSON API: any origin (no cookies or credentials are used), preflight answered. */
export const cors: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
};

/** The final 404 for anything no route claimed. */
export const notFound: RequestHandler = (req, res) => {
  sendError(res, 404, `not found: ${req.method} ${req.baseUrl}${req.path}`);
};

const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, `request body larger than ${MAX_REQUEST_BYTES} bytes`],
  'entity.parse.failed': [400, 'malformed JSON'],
  'charset.unsupported': [415, 'unsupported charset'],
  'encoding.unsupported': [415, 'unsupported content encoding'],
  'request.aborted': [400, 'request aborted'],
  'request.size.invalid': [400, 'request size did not match content length'],
  'stream.encoding.set': [500, 'internal error'],
};

interface ErrorLike {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
}

/** Turns every error into a JSON answer: 4xx naming the problem, or a logged 500. Mount last. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof HttpError) return sendError(res, error.status, error.message, error.extra);
    const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
    const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
    if (known !== undefined && known[0] < 500) return sendError(res, known[0], known[1]);
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      const message = e.expose !== false && typeof e.message === 'string' ? e.message.slice(0, 200) : 'bad request';
      return sendError(res, status, message);
    }
    logger.error(`internal error on ${req.method} ${req.originalUrl}`, error);
    sendError(res, 500, 'internal error');
  };
}
