import { WardError } from '../../core/errors.js';
import type { DefenderEndpoints } from './connector-settings.js';

export type DefenderCredentials = { tenantId: string; clientId: string; clientSecret: string };

export type DefenderApiOptions = {
  endpoints: DefenderEndpoints;
  credentials: DefenderCredentials;
  sleep: (milliseconds: number) => Promise<void>;
  /** How many HTTP 429 answers in a row one request may wait out before the pull gives up. */
  maxThrottleRetries?: number;
  fetch?: typeof fetch;
};

const upstream = (message: string, details: Record<string, unknown> = {}) => new WardError('UPSTREAM_FAILED', message, details);

/**
 * The Defender for Endpoint API as a connector sees it: an OAuth 2.0 client-credentials token
 * (fetched lazily, fetched again once when the API answers 401 because it expired) and GET of one
 * page, waiting out HTTP 429 for as long as Retry-After says. The client secret is only ever put in
 * the token request's body; no message or error carries it.
 */
export class DefenderApi {
  private token: string | undefined;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: DefenderApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  private async fetchToken(): Promise<string> {
    const { endpoints, credentials } = this.options;
    const url = endpoints.tokenUrl.replace('{tenant}', encodeURIComponent(credentials.tenantId));
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: endpoints.scope });
    const response = await this.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }, 'token');
    const payload = (await response.json().catch(() => undefined)) as { access_token?: unknown; error?: unknown } | undefined;
    if (!response.ok || typeof payload?.access_token !== 'string') {
      const reason = typeof payload?.error === 'string' ? payload.error : `HTTP ${response.status}`;
      throw upstream(`Defender sign-in refused for tenant ${credentials.tenantId} and client ${credentials.clientId}: ${reason}`, { status: response.status });
    }
    return payload.access_token;
  }

  /** GETs one API page and returns its body as text (the caller validates and spools it). */
  async getPage(url: string): Promise<string> {
    this.token ??= await this.fetchToken();
    let response = await this.withThrottling(url);
    if (response.status === 401) {
      // The token expired between pages: sign in again, once.
      this.token = await this.fetchToken();
      response = await this.withThrottling(url);
    }
    if (!response.ok) throw upstream(`Defender API answered HTTP ${response.status} for ${redact(url)}`, { status: response.status, url: redact(url) });
    return response.text();
  }

  private async withThrottling(url: string): Promise<Response> {
    const limit = this.options.maxThrottleRetries ?? 10;
    for (let attempt = 0; ; attempt += 1) {
      const response = await this.request(url, { headers: { authorization: `Bearer ${this.token ?? ''}`, accept: 'application/json' } }, 'page');
      if (response.status !== 429) return response;
      await response.body?.cancel();
      if (attempt >= limit) throw upstream(`Defender API still throttling after ${limit} waits (${redact(url)})`, { status: 429 });
      await this.options.sleep(retryAfterMilliseconds(response.headers.get('retry-after')));
    }
  }

  private async request(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await this.fetch(url, init);
    } catch (error) {
      throw new WardError('UPSTREAM_FAILED', `Defender ${what} request to ${redact(url)} failed: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
    }
  }
}

/** Retry-After in seconds or as an HTTP date; 30 s when absent (the API's limits are per minute). */
export function retryAfterMilliseconds(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === '') return 30_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 30_000 : Math.max(0, date - now);
}

/** Skip tokens are opaque but long: keep messages readable. */
function redact(url: string): string {
  return url.replace(/(\$skiptoken=)[^&]+/i, '$1…');
}
