import type { Clock } from '../../../core/clock.js';
import { WardError } from '../../../core/errors.js';
import type { RollingRateLimiter, Sleep } from './rate-limiter.js';

export type FetchFunction = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

export type FeedResponse = { url: string; status: number; bytes: Uint8Array };

export type FeedRequest = {
  /** Request headers; secrets may be among them and are never copied into errors or results. */
  headers?: Record<string, string>;
  limiter?: RollingRateLimiter;
  /** Announced before each wait (rate limit or back-off), for progress display. */
  onWait?: (ms: number, reason: string) => void;
};

export type FeedClient = { get(url: string, request?: FeedRequest): Promise<FeedResponse> };

export type FeedClientOptions = { fetch: FetchFunction; sleep: Sleep; clock: Clock; timeoutMs: number; maxAttempts?: number; maxWaitMs?: number };

/** Statuses a feed server uses for "slow down" or "come back later" (NVD answers 403 when throttled). */
const retryable = new Set([403, 429, 502, 503, 504]);

/** Back-off when the server gives no Retry-After: NVD's advice is 6 s between requests; doubled each time. */
const firstBackoffMs = 6_000;

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * Fetches feed documents over HTTP(S): GET only, a timeout per attempt, and retries with back-off
 * on throttling (403/429), server trouble (502/503/504) and network failures, honouring
 * Retry-After. Failures are UPSTREAM_FAILED naming the URL and the status, never the headers.
 */
export function createFeedClient(options: FeedClientOptions): FeedClient {
  const maxAttempts = options.maxAttempts ?? 5;
  const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
  return {
    async get(url, request = {}) {
      let lastProblem = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        await request.limiter?.acquire();
        let waitMs: number | undefined;
        try {
          const response = await options.fetch(url, { headers: { 'user-agent': 'ward-intel-sync', ...request.headers }, signal: AbortSignal.timeout(options.timeoutMs) });
          if (response.ok) {
            try {
              return { url, status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
            } catch (error) {
              lastProblem = `the response body could not be read (${describeCause(error)})`;
            }
          } else {
            // Drain the body so the connection can be reused; its text is not shown (it may be a large HTML page).
            await response.arrayBuffer().catch(() => undefined);
            lastProblem = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
            if (!retryable.has(response.status)) {
              throw new WardError('UPSTREAM_FAILED', `GET ${url} failed: ${lastProblem}`, { url, status: response.status });
            }
            waitMs = retryAfterMs(response.headers.get('retry-after'), options.clock.now());
          }
        } catch (error) {
          if (error instanceof WardError) throw error;
          lastProblem = describeCause(error);
        }
        if (attempt === maxAttempts) break;
        const wait = waitMs ?? firstBackoffMs * 2 ** (attempt - 1);
        if (wait > maxWaitMs) {
          throw new WardError('UPSTREAM_FAILED', `GET ${url} failed: ${lastProblem}, and the server asks to wait ${Math.ceil(wait / 1000)} s (more than ${maxWaitMs / 1000} s)`, { url });
        }
        request.onWait?.(wait, `${lastProblem} from ${url}`);
        await options.sleep(wait);
      }
      throw new WardError('UPSTREAM_FAILED', `GET ${url} failed after ${maxAttempts} attempts: ${lastProblem}`, { url });
    },
  };
}
