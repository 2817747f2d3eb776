/**
 * API and UI hardening, checked on a sample of routes: security headers (strict CSP, nosniff, no
 * framing, referrer policy, HSTS only when configured secure), a rate limit on evidence uploads
 * (API and web form, 429), request size limits and strict schemas, CSRF on cookie sessions, and
 * formula injection in the organisations export (CSV and XLSX).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import ExcelJS from 'exceljs';
import type { Organisation } from '../core/organisation.js';
import type { ServiceContext } from '../services/context.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, serviceContext } from '../test-support/factories.js';
import { sessionHeaders } from '../test-support/http.js';
import { csrfHeader } from './authenticate.js';
import { buildServer, type WardServer } from './build-server.js';
import { neutraliseFormula } from '../web/pages/organisations-export.js';

const lynis = readFileSync(new URL('../ingest/formats/testdata/lynis/lynis_one_vuln.dat', import.meta.url));
/** Names are trimmed when stored, so a leading tab or CR cannot reach an export that way; neutraliseFormula is checked for them directly. */
const hostileNames = ['=cmd|\' /C calc\'!A0', '+1+2', '-2+3', '@SUM(A1:A2)', '=HYPERLINK("http://evil.example","x")'];

function multipart(csrf: string, name: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = 'ward-hardening';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachEngine('hardening', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let secure: WardServer;
  let trust: Organisation;
  let admin: Record<string, string>;
  let national: Record<string, string>;

  before(async () => {
    context = serviceContext(database());
    const options = { cookieSecure: false, trustProxy: false, bodyLimitBytes: 4096, signInPerMinute: 1000, uploadsPerMinute: 2, logLevel: 'silent' };
    server = await buildServer(context, options);
    secure = await buildServer(context, { ...options, cookieSecure: true });
    trust = await makeOrganisation(context, { name: 'Hardening Trust' });
    for (const name of hostileNames) await makeOrganisation(context, { name, region: name });
    admin = await sessionHeaders(context, (await makeUser(context, 'org-admin', { organisation: trust })).email);
    national = await sessionHeaders(context, (await makeUser(context, 'national-analyst')).email);
  });
  after(async () => {
    await server.app.close();
    await secure.app.close();
  });

  it('API answers and UI pages carry the security headers; HSTS only when Ward is configured secure', async () => {
    const api = await server.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: national });
    const page = await server.app.inject({ method: 'GET', url: '/sign-in' });
    for (const response of [api, page]) {
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['referrer-policy'], 'no-referrer');
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      assert.equal(response.headers['strict-transport-security'], undefined);
    }
    assert.match(String(api.headers['content-security-policy']), /default-src 'none'/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'.*style-src 'self'/);
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>|\sstyle="|\son[a-z]+="/i, 'no inline script, style attribute or event handler');
    const https = await secure.app.inject({ method: 'GET', url: '/healthz' });
    assert.match(String(https.headers['strict-transport-security']), /max-age=\d{7,}/);
  });

  it('uploads are rate limited per signed-in user, API and web form alike: the third in a minute is 429', async () => {
    const apiUpload = (n: number) => server.app.inject({ method: 'POST', url: `/api/v1/orgs/${trust.odsCode}/imports?fileName=lynis-${n}.dat`, headers: { ...admin, 'content-type': 'application/octet-stream' }, payload: Buffer.concat([lynis, Buffer.from(`# ${n}\n`)]) });
    assert.equal((await apiUpload(1)).statusCode, 200);
    assert.equal((await apiUpload(2)).statusCode, 200);
    const limited = await apiUpload(3);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json<{ error: { code: string } }>().error.code, 'RATE_LIMITED');
    const webUpload = (n: number) => {
      const form = multipart(admin[csrfHeader] ?? '', `web-${n}.dat`, Buffer.concat([lynis, Buffer.from(`# web ${n}\n`)]));
      return server.app.inject({ method: 'POST', url: `/organisations/${trust.odsCode}/imports`, headers: { cookie: admin.cookie ?? '', ...form.headers }, payload: form.payload });
    };
    assert.equal((await webUpload(1)).statusCode, 303);
    assert.equal((await webUpload(2)).statusCode, 303);
    assert.equal((await webUpload(3)).statusCode, 429);
  });

  it('one user at the limit does not block a colleague behind the same address; plan uploads are limited too', async () => {
    // Both arrive from the same address (inject's 127.0.0.1), as a whole hospital does behind its NAT.
    const colleague = await sessionHeaders(context, (await makeUser(context, 'org-admin', { organisation: trust })).email);
    const upload = (headers: Record<string, string>, n: number) => server.app.inject({ method: 'POST', url: `/api/v1/orgs/${trust.odsCode}/imports?fileName=colleague-${n}.dat`, headers: { ...headers, 'content-type': 'application/octet-stream' }, payload: Buffer.concat([lynis, Buffer.from(`# colleague ${n}\n`)]) });
    assert.equal((await upload(admin, 4)).statusCode, 429, 'the first user is still over the budget of the previous test');
    assert.equal((await upload(colleague, 1)).statusCode, 200);
    const plan = (n: number) => server.app.inject({ method: 'POST', url: `/api/v1/orgs/${trust.odsCode}/plans?fileName=plan-${n}.pdf&version=1.${n}&owner=CIO&approvedOn=2026-01-10&nextReviewOn=2027-01-10`, headers: { ...colleague, 'content-type': 'application/pdf' }, payload: Buffer.from(`%PDF-1.4\n% plan ${n}\n%%EOF\n`) });
    assert.equal((await plan(1)).statusCode, 201);
    assert.equal((await plan(2)).statusCode, 201);
    const limited = await plan(3);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json<{ error: { code: string } }>().error.code, 'RATE_LIMITED');
    assert.equal((await context.database.db.selectFrom('readiness_plans').select('id').execute()).length, 2);
  });

  it('bodies over the limit are 413, unknown fields and query parameters are refused, and nothing is created', async () => {
    const nationalAdmin = await sessionHeaders(context, (await makeUser(context, 'national-admin')).email);
    const huge = await server.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: { ...nationalAdmin, 'content-type': 'application/json' }, payload: JSON.stringify({ odsCode: 'RZZ', name: 'x'.repeat(8000) }) });
    assert.equal(huge.statusCode, 413);
    const extra = await server.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: nationalAdmin, payload: { odsCode: 'RZZ', name: 'Extra Trust', isNational: true } });
    assert.equal(extra.statusCode, 400);
    assert.equal(extra.json<{ error: { code: string } }>().error.code, 'INVALID_INPUT');
    const query = await server.app.inject({ method: 'GET', url: `/api/v1/orgs/${trust.odsCode}/imports?limit=5&admin=1`, headers: admin });
    assert.equal(query.statusCode, 400);
    const token = await server.app.inject({ method: 'POST', url: `/api/v1/orgs/${trust.odsCode}/tokens`, headers: admin, payload: { name: 'x', capabilities: ['import'], role: 'national-admin' } });
    assert.equal(token.statusCode, 400);
    assert.equal((await context.database.db.selectFrom('api_tokens').select('id').execute()).length, 0);
    assert.equal(await context.database.db.selectFrom('organisations').select('id').where('ods_code', '=', 'RZZ').executeTakeFirst(), undefined);
  });

  it('cookie-session changes without the CSRF token are refused, API header and web form field alike', async () => {
    const cookieOnly = { cookie: admin.cookie ?? '' };
    const api = await server.app.inject({ method: 'POST', url: `/api/v1/orgs/${trust.odsCode}/incidents`, headers: cookieOnly, payload: {} });
    assert.equal(api.statusCode, 403);
    assert.match(api.json<{ error: { message: string } }>().error.message, /x-ward-csrf/);
    const form = await server.app.inject({ method: 'POST', url: '/sign-out', headers: { cookie: admin.cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(form.statusCode, 403);
    const stillSignedIn = await server.app.inject({ method: 'GET', url: '/api/v1/session', headers: admin });
    assert.equal(stillSignedIn.statusCode, 200);
  });

  it('the organisations export neutralises formulas in CSV and XLSX cells (names and regions)', async () => {
    const csv = await server.app.inject({ method: 'GET', url: '/organisations/export?format=csv', headers: { cookie: national.cookie ?? '' } });
    assert.equal(csv.statusCode, 200);
    const body = csv.body.replace(/^\uFEFF/, '');
    for (const name of hostileNames) {
      const quoted = /[",]/.test(name) ? `"'${name.replace(/"/g, '""')}"` : `'${name}`;
      assert.ok(body.split(/\r?\n/).some((line) => line.includes(`,${quoted},`)), `CSV holds ${quoted}`);
    }
    for (const line of body.split(/\r?\n/)) assert.doesNotMatch(line, /(^|,)"?[=+\-@\t\r]/, `no cell starts a formula: ${line}`);
    for (const lead of ['\t', '\r']) assert.equal(neutraliseFormula(`${lead}=1+1`), `'${lead}=1+1`);
    const xlsx = await server.app.inject({ method: 'GET', url: '/organisations/export?format=xlsx', headers: { cookie: national.cookie ?? '' } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values: unknown[] = [];
    workbook.getWorksheet('Organisations')?.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    for (const name of hostileNames) assert.ok(values.includes(`'${name}`), `XLSX holds '${JSON.stringify(name)}`);
    for (const value of values) {
      assert.ok(typeof value === 'string' || typeof value === 'number' || value === null, `a plain value, never a formula object: ${JSON.stringify(value)}`);
      if (typeof value === 'string') assert.doesNotMatch(value, /^[=+\-@\t\r]/);
    }
  });
});
