import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WardError } from '../../../core/errors.js';
import { manualClock } from '../../../test-support/factories.js';
import { createFeedClient, retryAfterMs, type FetchFunction } from './feed-client.js';
import { RollingRateLimiter } from './rate-limiter.js';

function scripted(...responses: (Response | Error)[]): { fetch: FetchFunction; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (url) => {
      calls.push(url);
      const next = responses.shift() ?? new Response('no more', { status: 500 });
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
}

function timeline() {
  const clock = manualClock(new Date('2026-11-28T09:00:00Z'));
  const sleeps: number[] = [];
  return { clock, sleeps, sleep: (ms: number) => (sleeps.push(ms), clock.advance(ms), Promise.resolve()) };
}

describe('feed client', () => {
  it('Retry-After is read as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-28T09:00:00Z');
    assert.equal(retryAfterMs('1', now), 1000);
    assert.equal(retryAfterMs('Sat, 28 Nov 2026 09:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Sat, 28 Nov 2026 08:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(null, now), undefined);
  });

  it('retries a throttling 403 with doubling back-off, then succeeds', async () => {
    const t = timeline();
    const server = scripted(new Response('', { status: 403 }), new Response('', { status: 403 }), new Response('ok'));
    const client = createFeedClient({ fetch: server.fetch, sleep: t.sleep, clock: t.clock, timeoutMs: 1000 });
    const response = await client.get('https://feed.example/x');
    assert.equal(new TextDecoder().decode(response.bytes), 'ok');
    assert.deepEqual(t.sleeps, [6000, 12000]);
  });

  it('a Retry-After longer than the longest wait fails at once, naming the URL', async () => {
    const t = timeline();
    const server = scripted(new Response('', { status: 429, headers: { 'retry-after': '3600' } }));
    const client = createFeedClient({ fetch: server.fetch, sleep: t.sleep, clock: t.clock, timeoutMs: 1000 });
    await assert.rejects(client.get('https://feed.example/x'), (e: unknown) => e instanceof WardError && e.code === 'UPSTREAM_FAILED' && /^GET https:\/\/feed\.example\/x failed: HTTP 429, and the server asks to wait 3600 s/.test(e.message));
    assert.deepEqual(t.sleeps, []);
  });

  it('headers are sent but never copied into an error', async () => {
    const t = timeline();
    const seen: Record<string, string>[] = [];
    const client = createFeedClient({
      fetch: (_url, init) => (seen.push(init.headers), Promise.resolve(new Response('', { status: 401 }))),
      sleep: t.sleep,
      clock: t.clock,
      timeoutMs: 1000,
    });
    const error = await client.get('https://feed.example/x', { headers: { apiKey: 'k-123' } }).catch((e: unknown) => e);
    assert.ok(error instanceof WardError);
    assert.equal(seen[0]?.apiKey, 'k-123');
    assert.ok(!JSON.stringify({ message: error.message, details: error.details }).includes('k-123'));
  });

  it('the rolling limiter lets 5 requests through, then waits for the oldest to leave the 30 s window', async () => {
    const t = timeline();
    const limiter = new RollingRateLimiter(5, 30_000, t.clock, t.sleep);
    for (let k = 0; k < 5; k += 1) {
      await limiter.acquire();
      t.clock.advance(1000);
    }
    assert.deepEqual(t.sleeps, []);
    await limiter.acquire();
    assert.deepEqual(t.sleeps, [25_000]);
    await limiter.acquire();
    assert.deepEqual(t.sleeps, [25_000, 1000]);
  });
});
