import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { AuthorityClient } from './client';
import { AuthErrorCode } from './errors';

type Reply = { status: number; body: string } | Error | 'hang';

/** A fetch that answers every request with `reply`, recording the requests. */
function fakeFetch(reply: Reply, seen: Request[] = []): typeof globalThis.fetch {
  return (input, init) => {
    seen.push(new Request(String(input), init));
    if (reply instanceof Error) return Promise.reject(reply);
    if (reply === 'hang') {
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    return Promise.resolve(new Response(reply.body, { status: reply.status }));
  };
}

function client(reply: Reply, clock = new VirtualClock(1000)): AuthorityClient {
  return new AuthorityClient({ baseUrl: 'http://authority.test/', fetch: fakeFetch(reply), clock, timeoutMs: 50 });
}

const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value) });

describe('AuthorityClient error mapping', () => {
  it.each([
    ['network failure', new TypeError('fetch failed'), AuthErrorCode.Unreachable],
    ['5xx', json(503, { error: 'down' }), AuthErrorCode.Unreachable],
    ['non-JSON 200', { status: 200, body: '<html>' }, AuthErrorCode.BadResponse],
    ['wrong JSON shape', json(200, { peers: 'x' }), AuthErrorCode.BadResponse],
    ['4xx', json(400, { error: 'missing field: x' }), AuthErrorCode.Rejected],
    ['429', json(429, { error: 'rate limited', retryAfterMs: 5 }), AuthErrorCode.RateLimited],
  ] as const)('%s', async (_what, reply, code) => {
    const r = await client(reply).getBootstrap();
    expect(!r.ok && r.error.code).toBe(code);
  });

  it('keeps the server error text for rejections', async () => {
    const r = await client(json(400, { error: 'field name must be a string' })).getTime();
    expect(!r.ok && [r.error.message, r.error.status]).toEqual(['field name must be a string', 400]);
  });

  it('maps 409 "name taken" and 403 "banned"', async () => {
    const taken = await client(json(409, { error: 'name taken' })).submitProof({ kind: 'x', proof: new Uint8Array(1) });
    expect(!taken.ok && taken.error.code).toBe(AuthErrorCode.NameTaken);
    const banned = await client(json(403, { error: 'banned', reason: 'cheat' })).getTime();
    expect(!banned.ok && [banned.error.code, banned.error.message]).toEqual([AuthErrorCode.Banned, 'banned: cheat']);
  });

  it('aborts on the caller signal, before or during the request', async () => {
    const before = new AbortController();
    before.abort();
    const r1 = await client(json(200, { now: 1 })).getTime(before.signal);
    expect(!r1.ok && r1.error.code).toBe(AuthErrorCode.Aborted);
    const during = new AbortController();
    const pending = client('hang').getTime(during.signal);
    during.abort();
    const r2 = await pending;
    expect(!r2.ok && r2.error.code).toBe(AuthErrorCode.Aborted);
  });

  it('times out on the injected clock as unreachable', async () => {
    const clock = new VirtualClock(0);
    const pending = client('hang', clock).getTime();
    await clock.tick(50);
    const r = await pending;
    expect(!r.ok && r.error.code).toBe(AuthErrorCode.Unreachable);
    expect(clock.pending).toBe(0);
  });

  it('measures a time sample on its clock', async () => {
    const r = await client(json(200, { now: 5000 }), new VirtualClock(1000)).getTime();
    expect(r).toEqual({ ok: true, value: { serverNow: 5000, sentAt: 1000, receivedAt: 1000, rtt: 0, offset: 4000 } });
  });

  it('refuses an authority whose key differs from the pinned one', async () => {
    const c = new AuthorityClient({
      baseUrl: 'http://authority.test',
      fetch: fakeFetch(json(200, { gameId: 'g', publicKey: btoa(String.fromCharCode(...new Uint8Array(32))) })),
      authorityKey: new Uint8Array(32).fill(1),
    });
    const r = await c.getAuthority();
    expect(!r.ok && r.error.code).toBe(AuthErrorCode.BadResponse);
  });

  it('sends JSON with the right method, path and content type', async () => {
    const seen: Request[] = [];
    const c = new AuthorityClient({ baseUrl: 'http://authority.test/', fetch: fakeFetch(json(404, {}), seen) });
    const r = await c.getBan('0'.repeat(32));
    expect(r).toEqual({ ok: true, value: undefined });
    await c.submitProof({ kind: 'neo.equivocation', proof: new Uint8Array([1, 2, 3]) });
    expect(seen.map((q) => `${q.method} ${q.url}`)).toEqual([
      `GET http://authority.test/api/bans/${'0'.repeat(32)}`,
      'POST http://authority.test/api/proofs',
    ]);
    expect(seen[1]?.headers.get('content-type')).toBe('application/json');
    expect(await seen[1]?.json()).toEqual({ kind: 'neo.equivocation', proof: 'AQID' });
  });
});
