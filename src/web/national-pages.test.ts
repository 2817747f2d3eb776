/**
 * The national pages through fastify's inject(), on both engines: the dashboard with its charts and
 * filters, exports of its tables, the report download, 403 for organisation users, and the drill
 * acknowledgement page behind a one-time link (no sign-in).
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import { csrfTokenFor, sessionCookie } from '../http/authenticate.js';
import type { WardServer } from '../http/build-server.js';
import { issueAlert } from '../services/alerts/issue-alert.js';
import { assessOrganisation } from '../services/assessment/assess-organisation.js';
import type { ServiceContext } from '../services/context.js';
import { startDrill } from '../services/drills/start-drill.js';
import { importEvidence } from '../services/imports/import-evidence.js';
import { addContact } from '../services/readiness/add-contact.js';
import { startSession } from '../services/sessions/start-session.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext, testPassword } from '../test-support/factories.js';
import { buildTestServer } from '../test-support/http.js';

const nessusPath = new URL('../ingest/formats/testdata/nessus/nessus_v_unknown.xml', import.meta.url).pathname;
const formType = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('national pages', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let north: Organisation;
  let london: Organisation;
  let national: { cookie: string };
  let orgAdmin: { cookie: string };

  async function signedIn(email: string) {
    const session = await startSession(context, { email, password: testPassword });
    return { cookie: `${sessionCookie}=${session.token}`, csrf: csrfTokenFor(session.token) };
  }
  const get = (url: string, who?: { cookie: string }, accept = 'text/html') => server.app.inject({ method: 'GET', url, headers: { accept, ...(who ? { cookie: who.cookie } : {}) } });

  before(async () => {
    context = serviceContext(database());
    server = await buildTestServer(context);
    north = await makeOrganisation(context, { name: 'Northern Hospitals NHS Trust', region: 'North West' });
    london = await makeOrganisation(context, { name: '=HYPERLINK("x") Trust', region: 'London' });
    for (const organisation of [north, london]) {
      await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: nessusPath, fileName: 'nessus_v_unknown.xml' });
      await assessOrganisation(context, operator, organisation.id, { trigger: 'manual' });
    }
    await issueAlert(context, operator, { reference: 'CC-2026-0201', title: 'Close SMB to the internet', severity: 'critical', conditions: { ports: [{ port: 445 }] }, target: { all: true } });
    national = await signedIn((await makeUser(context, 'national-analyst')).email);
    orgAdmin = await signedIn((await makeUser(context, 'org-admin', { organisation: north })).email);
  });

  it('the dashboard shows the CE+ figures, charts with their tables, the heat map and alert compliance, and filters by region', async () => {
    const page = await get('/national', national);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="figure-assessed">2</);
    assert.match(page.body, /<svg role="img" aria-label="Average score by month"/);
    assert.match(page.body, /<svg role="img" aria-label="Score distribution/);
    assert.match(page.body, /data-testid="distribution-table"/);
    assert.match(page.body, /data-testid="heat-map"/);
    assert.match(page.body, /=HYPERLINK\(&quot;x&quot;\) Trust/, 'names are escaped');
    assert.match(page.body, /data-testid="alerts-table"[\s\S]*CC-2026-0201/);
    assert.match(page.body, /href="\/national\/report.pdf"/);
    assert.doesNotMatch(page.body, / style="/, 'no inline style (CSP)');
    const filtered = await get('/national?region=North+West', national);
    assert.match(filtered.body, /data-testid="figure-assessed">1</);
    assert.doesNotMatch(filtered.body, /HYPERLINK/);
    assert.match(filtered.body, /href="\/national\/report.pdf\?region=North\+West"/);
  });

  it('exports every national table as CSV (formulas neutralised) and XLSX, and the report as a PDF', async () => {
    const csv = await get('/national/export?table=heat-map&format=csv', national);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /ward-national-heat-map-\d{4}-\d{2}-\d{2}\.csv/);
    assert.match(csv.body, /^\uFEFFOrganisation,ODS code,Overall/);
    assert.match(csv.body, /\n"'=HYPERLINK\(""x""\) Trust"/, 'a name starting with = is written as text');
    const xlsx = await get('/national/export?table=alerts&format=xlsx', national);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
    const pdf = await get('/national/report.pdf?kind=trust', national);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const api = await get('/api/v1/national/dashboard?region=London', national, 'application/json');
    assert.equal(api.statusCode, 200);
    assert.equal((JSON.parse(api.body) as { assessment: { assessed: number } }).assessment.assessed, 1);
  });

  it('organisation users get 403 on every national page and route', async () => {
    for (const url of ['/national', '/national/export?table=areas&format=csv', '/national/report.pdf']) {
      const page = await get(url, orgAdmin);
      assert.equal(page.statusCode, 403, url);
    }
    assert.equal((await get('/api/v1/national/dashboard', orgAdmin, 'application/json')).statusCode, 403);
  });

  it('a drill link opened in a browser shows a page with a button; pressing it acknowledges without signing in', async () => {
    const nationalAdmin = { principal: (await makeUser(context, 'national-admin')).principal };
    await addContact(context, nationalAdmin, { odsCode: north.odsCode, name: 'Nadia North', role: 'Head of IT', email: 'nadia@north.nhs.uk' });
    await startDrill(context, nationalAdmin, { title: 'Out-of-hours call-out', odsCodes: [north.odsCode], windowHours: 4, publicUrl: 'https://ward.example.nhs.uk' });
    const mail = await context.database.db.selectFrom('outbox').select('body').where('recipient', '=', 'nadia@north.nhs.uk').executeTakeFirstOrThrow();
    const token = /drill-acknowledgements\/([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? '';
    assert.ok(token !== '');

    const json = await get(`/api/v1/drill-acknowledgements/${token}`, undefined, 'application/json');
    assert.equal((JSON.parse(json.body) as { state: string }).state, 'valid', 'JSON clients keep the API answer');
    const browser = await get(`/api/v1/drill-acknowledgements/${token}`, undefined, 'text/html,application/xhtml+xml,*/*;q=0.8');
    assert.equal(browser.statusCode, 303);
    assert.equal(browser.headers.location, `/drill-acknowledgements/${token}`);
    const page = await get(browser.headers.location ?? '');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Out-of-hours call-out/);
    assert.match(page.body, /Acknowledge this drill/);
    assert.match(page.body, new RegExp(`name="token" value="${token}"`));

    const done = await server.app.inject({ method: 'POST', url: '/drill-acknowledgements', payload: new URLSearchParams({ token, name: 'Deputy on call' }).toString(), headers: formType });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /data-testid="drill-acknowledged"/);
    const again = await get(`/drill-acknowledgements/${token}`);
    assert.match(again.body, /already used/);
    const replay = await server.app.inject({ method: 'POST', url: '/drill-acknowledgements', payload: new URLSearchParams({ token }).toString(), headers: formType });
    assert.equal(replay.statusCode, 410);
    const unknown = await get('/drill-acknowledgements/aW52ZW50ZWQtdG9rZW4tZm9yLXRoZS10ZXN0');
    assert.equal(unknown.statusCode, 404);
  });
});
