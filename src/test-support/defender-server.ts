/**
 * A local stand-in for Microsoft's token endpoint and the Defender for Endpoint API, serving the
 * Defender fixtures as paged API responses (two rows a page, `@odata.nextLink` to the next), so
 * connector tests run with no network. `intercept` lets a test answer one request differently
 * (a 429, an expired token, a broken page, an outage).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const testdata = new URL('../ingest/formats/testdata/', import.meta.url);

/** API path → the fixture whose rows it serves. */
const sources: Record<string, string> = {
  '/api/machines': 'defender-machines/machines-page.json',
  '/api/deviceavinfo': 'defender-av-health/av-health.json',
  '/api/machines/SecureConfigurationsAssessmentByMachine': 'defender-secure-config/secure-config.json',
  '/api/machines/SoftwareInventoryByMachine': 'defender-software/software-inventory.json',
  '/api/machines/SoftwareVulnerabilitiesByMachine': 'defender-vulnerabilities/vulnerabilities.json',
};

export type FakeRequest = { method: string; path: string; page: number; authorization: string | undefined; body: string };
export type FakeAnswer = { status: number; headers?: Record<string, string>; body: string } | 'destroy';

export type FakeDefender = {
  baseUrl: string;
  tokenUrl: string;
  requests: FakeRequest[];
  tokensIssued: number;
  /** Returns an answer to replace the normal one, or undefined to answer normally. */
  intercept: ((request: FakeRequest) => FakeAnswer | undefined) | undefined;
  /** Every token issued so far stops working (as when one expires). */
  expireTokens(): void;
  close(): Promise<void>;
};

export const fakeTenant = '3f1c9a52-7b1e-4c8d-9a0f-5e6d7c8b9a01';
export const fakeClientId = '8d2e4f60-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
export const fakeSecret = 'fake~client~secret~never~logged';

export async function startFakeDefender(rowsPerPage = 2): Promise<FakeDefender> {
  let valid = new Set<string>();
  const state: FakeDefender = {
    baseUrl: '',
    tokenUrl: '',
    requests: [],
    tokensIssued: 0,
    intercept: undefined,
    expireTokens: () => {
      valid = new Set();
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };

  const pagesOf = (path: string): string[] => {
    const source = sources[path];
    if (!source) return [];
    const document = JSON.parse(readFileSync(new URL(source, testdata), 'utf8')) as { '@odata.context': string; value: unknown[] };
    const pages: string[] = [];
    for (let start = 0; start === 0 || start < document.value.length; start += rowsPerPage) {
      const last = start + rowsPerPage >= document.value.length;
      pages.push(JSON.stringify({ '@odata.context': document['@odata.context'], value: document.value.slice(start, start + rowsPerPage), ...(last ? {} : { '@odata.nextLink': `${state.baseUrl}${path}?$skiptoken=page-${pages.length + 1}` }) }));
    }
    return pages;
  };

  const answer = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body);
  };

  const handle = (request: IncomingMessage, response: ServerResponse, body: string) => {
    const url = new URL(request.url ?? '/', state.baseUrl);
    const page = Number(/page-(\d+)/.exec(url.searchParams.get('$skiptoken') ?? '')?.[1] ?? 0);
    const seen: FakeRequest = { method: request.method ?? 'GET', path: url.pathname, page, authorization: request.headers.authorization, body };
    state.requests.push(seen);
    const override = state.intercept?.(seen);
    if (override === 'destroy') {
      request.socket.destroy();
      return;
    }
    if (override) {
      answer(response, override.status, override.body, override.headers);
      return;
    }
    if (seen.method === 'POST' && url.pathname === `/${fakeTenant}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== fakeClientId || form.get('client_secret') !== fakeSecret || form.get('scope') !== 'https://api.securitycenter.microsoft.com/.default') {
        answer(response, 401, JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }));
        return;
      }
      state.tokensIssued += 1;
      const token = `token-${state.tokensIssued}`;
      valid.add(token);
      answer(response, 200, JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token }));
      return;
    }
    const token = seen.authorization?.replace(/^Bearer /, '');
    if (!token || !valid.has(token)) {
      answer(response, 401, JSON.stringify({ error: { code: 'Unauthorized', message: 'Token expired', target: 'fake' } }));
      return;
    }
    const pages = pagesOf(url.pathname);
    const body2 = pages[page];
    if (body2 === undefined) answer(response, 404, JSON.stringify({ error: { code: 'NotFound', message: 'No such page' } }));
    else answer(response, 200, body2);
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  state.tokenUrl = `${state.baseUrl}/{tenant}/oauth2/v2.0/token`;
  return state;
}
