import { afterAll, describe, expect, it } from 'vitest';
import { AuthErrorCode } from '../auth';
import { VirtualClock } from '../clock';
import { createEd25519, generateKeyRing } from '../crypto';
import { RateLimiter } from './rate-limit';
import { removeDir, startTestServer } from './testing';

describe('RateLimiter', () => {
  it('allows perWindow requests at once, then refills continuously', () => {
    const clock = new VirtualClock(0);
    const limiter = new RateLimiter({ perWindow: 3, windowMs: 300 }, clock);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 100 });
    expect(limiter.take('b').ok).toBe(true);
    clock.advance(100);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    clock.advance(10_000);
    expect([1, 2, 3, 4].map(() => limiter.take('a').ok)).toEqual([true, true, true, false]);
  });

  it('keeps at most maxKeys buckets, forgetting the least recently used', () => {
    const limiter = new RateLimiter({ perWindow: 1, windowMs: 1000 }, new VirtualClock(0), 2);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('c').ok).toBe(false);
  });

  it('rejects a non-positive budget', () => {
    expect(() => new RateLimiter({ perWindow: 0, windowMs: 1 }, new VirtualClock())).toThrow(RangeError);
  });
});

describe('account creation rate limit', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) removeDir(d);
  });

  it('answers 429 with Retry-After once the budget is spent, and recovers with time', async () => {
    const ed = await createEd25519();
    const clock = new VirtualClock(1_000_000);
    const { server, client, dataDir } = await startTestServer({
      clock,
      rateLimit: { accountsPerWindow: 2, windowMs: 60_000 },
    });
    dirs.push(dataDir);
    try {
      expect((await client.register({ name: 'One', ring: generateKeyRing(), ed })).ok).toBe(true);
      expect((await client.register({ name: 'Two', ring: generateKeyRing(), ed })).ok).toBe(true);
      const limited = await client.register({ name: 'Three', ring: generateKeyRing(), ed });
      expect(!limited.ok && [limited.error.code, limited.error.status]).toEqual([AuthErrorCode.RateLimited, 429]);
      const raw = await fetch(`${server.url}/api/accounts`, { method: 'POST' });
      expect(raw.status).toBe(429);
      expect(raw.headers.get('retry-after')).toBe('30');
      expect(await raw.json()).toEqual({ error: 'rate limited', retryAfterMs: 30_000 });
      // Other endpoints are not limited by the account budget.
      expect((await client.getTime()).ok).toBe(true);
      clock.advance(30_000);
      expect((await client.register({ name: 'Three', ring: generateKeyRing(), ed })).ok).toBe(true);
    } finally {
      await server.close();
    }
  });
});
