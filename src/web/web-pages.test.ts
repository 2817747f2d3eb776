/**
 * The web pages through fastify's inject(), on both engines: what each page shows, its filters and
 * paging, exports, the upload form with its CSRF field, sign-in errors and lock-out, and tenancy.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before } from 'node:test';
import ExcelJS from 'exceljs';
import type { Organisation } from '../core/organisation.js';
import { csrfTokenFor, sessionCookie } from '../http/authenticate.js';
import type { WardServer } from '../http/build-server.js';
import type { ServiceContext } from '../services/context.js';
import { listDevices } from '../services/devices/list-devices.js';
import { importEvidence } from '../services/imports/import-evidence.js';
import { loadIntelFiles } from '../services/intel/load-intel-files.js';
import { searchOrganisations } from '../services/organisations/search-organisations.js';
import { startSession } from '../services/sessions/start-session.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext, testPassword } from '../test-support/factories.js';
import { buildTestServer } from '../test-support/http.js';

const nessusPath = new URL('../ingest/formats/testdata/nessus/nessus_v_unknown.xml', import.meta.url);
const lynisReport = readFileSync(new URL('../ingest/formats/testdata/lynis/lynis_one_vuln.dat', import.meta.url));
const formType = { 'content-type': 'application/x-www-form-urlencoded' };

/** A browser's multipart form: fields in document order, then the file. */
function multipart(fields: [string, string][], file: { name: string; content: Buffer } | null): { payload: Buffer; headers: Record<string, string> } {
  const boundary = 'ward-test-boundary';
  const parts: Buffer[] = fields.map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachEngine('web pages', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let trustA: Organisation;
  let trustB: Organisation;
  let national: { cookie: string; csrf: string };
  let adminA: { cookie: string; csrf: string };
  let adminAEmail = '';

  async function signedIn(email: string) {
    const session = await startSession(context, { email, password: testPassword });
    return { cookie: `${sessionCookie}=${session.token}`, csrf: csrfTokenFor(session.token) };
  }
  const get = (url: string, who?: { cookie: string }) => server.app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(who ? { cookie: who.cookie } : {}) } });

  before(async () => {
    context = serviceContext(database(), { security: { lockoutThreshold: 3 } });
    server = await buildTestServer(context);
    trustA = await makeOrganisation(context, { name: 'Alpha Hospitals NHS Foundation Trust', region: 'North West' });
    trustB = await makeOrganisation(context, { name: 'Beta Community Trust', region: 'London' });
    await makeOrganisation(context, { name: 'Gamma & <Partners>', region: 'London' });
    national = await signedIn((await makeUser(context, 'national-analyst')).email);
    adminAEmail = (await makeUser(context, 'org-admin', { organisation: trustA })).email;
    adminA = await signedIn(adminAEmail);
    await importEvidence(context, operator, { odsCode: trustA.odsCode, filePath: nessusPath.pathname, fileName: 'nessus_v_unknown.xml' });
  });

  it('anonymous visitors are sent to sign in and come back where they were going', async () => {
    const page = await get(`/organisations/${trustA.odsCode}`);
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, `/sign-in?next=${encodeURIComponent(`/organisations/${trustA.odsCode}`)}`);
    const form = await get(page.headers.location ?? '');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1>Sign in to Ward<\/h1>/);
    assert.match(String(form.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(form.body, /<script>|<script (?![^>]*src=)/, 'no inline script');
    const signIn = await server.app.inject({ method: 'POST', url: `/sign-in?next=${encodeURIComponent(`/organisations/${trustA.odsCode}`)}`, payload: new URLSearchParams({ email: adminAEmail, password: testPassword }).toString(), headers: formType });
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, `/organisations/${trustA.odsCode}`);
    assert.match(String(signIn.headers['set-cookie']), /ward_session=.*HttpOnly.*SameSite=Lax/);
    const offsite = await server.app.inject({ method: 'POST', url: '/sign-in?next=//evil.example/', payload: new URLSearchParams({ email: adminAEmail, password: testPassword }).toString(), headers: formType });
    assert.equal(offsite.headers.location, `/organisations/${trustA.odsCode}`, 'a next outside the site is ignored');
  });

  it('sign-in errors are shown in an error summary, and the lock-out as the foundation defines it', async () => {
    const empty = await server.app.inject({ method: 'POST', url: '/sign-in', payload: 'email=&password=', headers: formType });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter your e-mail address/);
    assert.match(empty.body, /<title>Error: Sign in/);
    const email = (await makeUser(context, 'org-member', { organisation: trustB })).email;
    const wrong = () => server.app.inject({ method: 'POST', url: '/sign-in', payload: new URLSearchParams({ email, password: 'not the password' }).toString(), headers: formType });
    const first = await wrong();
    assert.equal(first.statusCode, 401);
    assert.match(first.body, /nhsuk-error-summary/);
    assert.match(first.body, /The e-mail address or password is not right/);
    await wrong();
    await wrong();
    const locked = await server.app.inject({ method: 'POST', url: '/sign-in', payload: new URLSearchParams({ email, password: testPassword }).toString(), headers: formType });
    assert.equal(locked.statusCode, 423);
    assert.match(locked.body, /Account locked/);
    assert.match(locked.body, /locked after too many failed sign-ins/);
  });

  it('the national dashboard shows the estate, a server-rendered chart and empty assessment and alert panels', async () => {
    const page = await get('/national', national);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="figure-organisations">3</);
    assert.match(page.body, /data-testid="figure-imports">1</);
    assert.match(page.body, /<svg role="img" aria-label="Organisations per region"/);
    assert.doesNotMatch(page.body, / style="/, 'the chart has no inline style (CSP)');
    assert.match(page.body, /No assessment yet/);
    assert.match(page.body, /No alerts yet/);
    assert.match(page.body, /Every loaded KEV entry can be tied to some product/, 'no catalogue loaded: nothing listed as undetectable');
    const home = await get('/', national);
    assert.equal(home.headers.location, '/national');
    const forbidden = await get('/national', adminA);
    assert.equal(forbidden.statusCode, 403);
    assert.match(forbidden.body, /You do not have access to this page/);
    assert.equal((await get('/', adminA)).headers.location, `/organisations/${trustA.odsCode}`);
  });

  it('the organisations list filters, sorts and pages on the server and escapes names', async () => {
    const all = await get('/organisations', national);
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /3 organisations/);
    assert.match(all.body, /Gamma &amp; &lt;Partners&gt;/);
    const london = await get('/organisations?region=London&sort=name&dir=desc', national);
    assert.match(london.body, /2 organisations/);
    assert.ok(london.body.indexOf('Gamma') < london.body.indexOf('Beta'), 'descending by name');
    assert.match(london.body, /aria-sort="descending"/);
    const byDevices = await get('/organisations?sort=devices&dir=desc', national);
    assert.ok(byDevices.body.indexOf('Alpha') < byDevices.body.indexOf('Beta'), 'the organisation with devices first');
    const search = await get(`/organisations?q=${trustB.odsCode.toLowerCase()}`, national);
    assert.match(search.body, /1 organisation\./);
    const own = await get('/organisations', adminA);
    assert.match(own.body, /1 organisation\./, 'an organisation user sees only its own organisation');
    assert.doesNotMatch(own.body, /Beta Community Trust/);
    const bad = await get('/organisations?sort=nonsense', national);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem with the request/);
  });

  it('the organisations list exports as CSV and as an XLSX workbook with the same filters', async () => {
    const csv = await get('/organisations/export?format=csv&region=London', national);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="ward-organisations-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines[0], 'ODS code,Organisation,Kind,Region,Devices,Imports,Latest score (%),CE+ pass,Legacy devices,Open alerts,Newest evidence');
    assert.equal(lines.length, 3);
    const xlsx = await get('/organisations/export?format=xlsx&sort=devices&dir=desc', national);
    assert.equal(xlsx.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Organisations');
    assert.ok(sheet);
    assert.equal(sheet.rowCount, 4);
    assert.equal(sheet.getRow(2).getCell(1).value, trustA.odsCode);
    assert.ok(Number(sheet.getRow(2).getCell(5).value) > 0);
  });

  it('the organisation page lists devices with search, OS filter and paging, and its imports', async () => {
    const page = await get(`/organisations/${trustA.odsCode}`, adminA);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Alpha Hospitals NHS Foundation Trust<\/h1>/);
    assert.match(page.body, /data-testid="devices-count">7 devices/);
    assert.match(page.body, /nessus_v_unknown\.xml/);
    assert.match(page.body, /No assessment yet/);
    assert.match(page.body, /name="_csrf" value="[^"]+"/);
    const ip = /(\d+\.\d+\.\d+\.\d+)/.exec(page.body.slice(page.body.indexOf('data-testid="devices-table"')))?.[1];
    assert.ok(ip, 'a device address is shown');
    const found = await get(`/organisations/${trustA.odsCode}?q=${ip}`, adminA);
    assert.match(found.body, /data-testid="devices-count">1 device\./);
    const none = await get(`/organisations/${trustA.odsCode}?q=no-such-host`, adminA);
    assert.match(none.body, /No device matches this search/);
    const unknownOs = await get(`/organisations/${trustA.odsCode}?os=(unknown)`, adminA);
    assert.equal(unknownOs.statusCode, 200);
    const option = /<option value="([^"(][^"]*)"/.exec(page.body.slice(page.body.indexOf('id="device-os"')))?.[1];
    if (option) {
      const byOs = await get(`/organisations/${trustA.odsCode}?os=${encodeURIComponent(option)}`, adminA);
      assert.match(byOs.body, /data-testid="devices-count">\d+ device/);
    }
  });

  it('devices and organisations page on the server: every row once, in a stable order', async () => {
    const actor = { principal: (await makeUser(context, 'national-analyst')).principal };
    const pages = await Promise.all([1, 2, 3].map((page) => listDevices(context, actor, trustA.odsCode, { page, pageSize: 3 })));
    assert.deepEqual(pages.map((page) => page.items.length), [3, 3, 1]);
    assert.equal(pages[0]?.pageCount, 3);
    assert.equal(new Set(pages.flatMap((page) => page.items.map((device) => device.id))).size, 7);
    const organisations = await Promise.all([1, 2].map((page) => searchOrganisations(context, actor, { page, pageSize: 2, sort: 'odsCode' })));
    assert.deepEqual(organisations.map((page) => page.items.map((o) => o.odsCode)).flat(), [trustA.odsCode, trustB.odsCode, organisations[1]?.items[0]?.odsCode].filter(Boolean));
    assert.equal(organisations[0]?.total, 3);
    const paged = await get(`/organisations/${trustA.odsCode}?page=2`, adminA);
    assert.match(paged.body, /data-testid="devices-count">7 devices/);
    const beyond = await get('/organisations?page=9', national);
    assert.match(beyond.body, /No organisation matches these filters/);
  });

  it('an organisation user who edits the address to another organisation gets 403, an unknown one 404', async () => {
    const other = await get(`/organisations/${trustB.odsCode}`, adminA);
    assert.equal(other.statusCode, 403);
    assert.match(other.body, /You do not have access to this page/);
    assert.doesNotMatch(other.body, /Beta Community Trust/);
    const missing = await get('/organisations/ZZZ99', national);
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Page not found/);
    const nowhere = await get('/no/such/page', national);
    assert.equal(nowhere.statusCode, 404);
    assert.match(String(nowhere.headers['content-type']), /text\/html/);
    const apiNowhere = await server.app.inject({ method: 'GET', url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    assert.match(String(apiNowhere.headers['content-type']), /application\/json/, 'the API keeps its JSON errors');
  });

  it('the upload form imports a file with its CSRF field and refuses one without it or from another site', async () => {
    const upload = (fields: [string, string][], file: { name: string; content: Buffer } | null, headers: Record<string, string> = {}) => {
      const body = multipart(fields, file);
      return server.app.inject({ method: 'POST', url: `/organisations/${trustA.odsCode}/imports`, payload: body.payload, headers: { cookie: adminA.cookie, ...body.headers, ...headers } });
    };
    const forged = await upload([], { name: 'lynis.dat', content: lynisReport });
    assert.equal(forged.statusCode, 403);
    const wrongToken = await upload([['_csrf', 'not-the-token']], { name: 'lynis.dat', content: lynisReport });
    assert.equal(wrongToken.statusCode, 403);
    const crossSite = await upload([['_csrf', adminA.csrf]], { name: 'lynis.dat', content: lynisReport }, { origin: 'https://evil.example' });
    assert.equal(crossSite.statusCode, 403);
    const noFile = await upload([['_csrf', adminA.csrf]], null);
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.body, /Choose a file to upload/);
    const unreadable = await upload([['_csrf', adminA.csrf]], { name: 'notes.txt', content: Buffer.from('hello, this is not a report\n') });
    assert.ok(unreadable.statusCode === 415 || unreadable.statusCode === 422, String(unreadable.statusCode));
    assert.match(unreadable.body, /The file was not imported/);
    const imported = await upload([['_csrf', adminA.csrf]], { name: 'lynis.dat', content: lynisReport });
    assert.equal(imported.statusCode, 303);
    const location = String(imported.headers.location);
    assert.match(location, new RegExp(`^/organisations/${trustA.odsCode}\\?imported=[^&#]+#imports$`));
    const after = await get(location.replace(/#.*/, ''), adminA);
    assert.match(after.body, /data-testid="import-banner"/);
    assert.match(after.body, /lynis\.dat imported \(lynis\)/);
    const again = await upload([['_csrf', adminA.csrf]], { name: 'lynis.dat', content: lynisReport });
    assert.match(String(again.headers.location), /duplicate=1/);
    const member = await signedIn((await makeUser(context, 'org-member', { organisation: trustA })).email);
    const body = multipart([['_csrf', member.csrf]], { name: 'lynis.dat', content: lynisReport });
    const refused = await server.app.inject({ method: 'POST', url: `/organisations/${trustA.odsCode}/imports`, payload: body.payload, headers: { cookie: member.cookie, ...body.headers } });
    assert.equal(refused.statusCode, 403, 'members may not import');
    assert.doesNotMatch((await get(`/organisations/${trustA.odsCode}`, member)).body, /id="upload-form"/, 'and are not offered the form');
  });

  it('signing out ends the session and needs the form token', async () => {
    const session = await signedIn(adminAEmail);
    const forged = await server.app.inject({ method: 'POST', url: '/sign-out', payload: '', headers: { cookie: session.cookie, ...formType } });
    assert.equal(forged.statusCode, 403);
    const out = await server.app.inject({ method: 'POST', url: '/sign-out', payload: `_csrf=${session.csrf}`, headers: { cookie: session.cookie, ...formType } });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/sign-in?signedOut=1');
    const after = await get('/national', session);
    assert.equal(after.statusCode, 303, 'the old cookie no longer works');
  });

  it('the national dashboard lists the KEV entries no loaded intelligence can detect, newest first', async () => {
    const kev = readFileSync(new URL('../intel/testdata/kev/known_exploited_vulnerabilities.json.gz', import.meta.url));
    await loadIntelFiles(context, operator, { files: [{ name: 'known_exploited_vulnerabilities.json.gz', bytes: kev }] });
    const page = await get('/national', national);
    assert.equal(page.statusCode, 200);
    // No NVD, CVE 5 or OSV record is loaded here, so none of the catalogue's 1,674 entries can be detected.
    assert.match(page.body, /data-testid="kev-gap-total"><strong>1,674<\/strong>/);
    const rows = [...page.body.matchAll(/<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">(CVE-[0-9-]+)<\/td>/g)].map((m) => m[1]);
    assert.equal(rows.length, 10);
    assert.equal(rows[0], 'CVE-2026-73570', 'the newest addition (2026-08-21) first');
    assert.match(page.body, /<td class="nhsuk-table__cell">No<\/td><\/tr>/, 'their records are not loaded');
  });
});
