/**
 * The national incident register through inject(), on both engines: totals with their charts, the
 * filters, paging, CSV/XLSX export, the dashboard's link, and that organisation users get 403.
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { sessionCookie } from '../../http/authenticate.js';
import type { WardServer } from '../../http/build-server.js';
import type { ServiceContext } from '../../services/context.js';
import { reportIncident } from '../../services/incidents/report-incident.js';
import { startSession } from '../../services/sessions/start-session.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext, testPassword } from '../../test-support/factories.js';
import { buildTestServer } from '../../test-support/http.js';

describeEachEngine('incident pages', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let alpha: Organisation;
  let beta: Organisation;
  let analyst: { cookie: string };
  let orgAdmin: { cookie: string };

  async function signedIn(email: string) {
    const session = await startSession(context, { email, password: testPassword });
    return { cookie: `${sessionCookie}=${session.token}` };
  }
  const get = (url: string, who: { cookie: string }) => server.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: who.cookie } });
  const count = (body: string) => /data-testid="incidents-count">(\d+) incident/.exec(body)?.[1];

  before(async () => {
    context = serviceContext(database(), { clock: manualClock(new Date('2026-11-28T09:00:00Z')) });
    server = await buildTestServer(context);
    alpha = await makeOrganisation(context, { name: 'Alpha Hospitals NHS Trust', region: 'North West' });
    beta = await makeOrganisation(context, { name: '=Beta Community Trust', region: 'London' });
    await reportIncident(context, operator, { odsCode: alpha.odsCode, type: 'ransomware', summary: 'Encrypted PCs in outpatients', startedAt: '2026-05-12T11:00:00Z', appointmentsCancelled: 6912, operationsCancelled: 139, estimatedCostPounds: 1_900_000, nationalSupportRequested: true });
    await reportIncident(context, operator, { odsCode: beta.odsCode, type: 'supplier', summary: 'Pathology supplier outage', startedAt: '2026-07-02T08:00:00Z', appointmentsCancelled: 250, estimatedCostPounds: 410_000 });
    await reportIncident(context, operator, { odsCode: alpha.odsCode, type: 'phishing', summary: 'Credential phishing, two mailboxes', startedAt: '2026-07-20T14:30:00Z', estimatedCostPounds: 12_500 });
    analyst = await signedIn((await makeUser(context, 'national-analyst')).email);
    orgAdmin = await signedIn((await makeUser(context, 'org-admin', { organisation: alpha })).email);
  });

  it('shows the register with its totals by month and type, linking each incident to its organisation', async () => {
    const page = await get('/incidents', analyst);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="incident-register-totals"><strong>3<\/strong> incidents: 7,162 appointments and 139 operations cancelled, estimated cost £2,322,500; national support asked for 1 time\./);
    assert.match(page.body, /<svg role="img" aria-label="Incidents reported by month of their start"/);
    assert.match(page.body, /<svg role="img" aria-label="Incidents by type"/);
    assert.match(page.body, /data-testid="incidents-by-month-table"[\s\S]*2026-06\s*<\/td>/, 'months without incidents are shown as zero');
    assert.match(page.body, /data-testid="incidents-by-type-table"[\s\S]*ransomware/);
    assert.match(page.body, new RegExp(`href="/organisations/${alpha.odsCode}#incidents">Alpha Hospitals NHS Trust</a>`));
    assert.match(page.body, /<caption[^>]*>\s*Incidents reported, newest first/);
    assert.equal(count(page.body), '3');
    assert.doesNotMatch(page.body, / style="/, 'no inline style (CSP)');
    assert.match(page.body, /class="nhsuk-header__navigation-link" href="\/incidents" aria-current="page"/);
  });

  it('filters by organisation, type, month range, region and kind; a bad month is refused', async () => {
    assert.equal(count((await get('/incidents?type=phishing', analyst)).body), '1');
    assert.equal(count((await get(`/incidents?organisation=${alpha.odsCode.toLowerCase()}`, analyst)).body), '2');
    const london = await get('/incidents?region=London', analyst);
    assert.equal(count(london.body), '1');
    assert.match(london.body, /<strong>1<\/strong> incident: 250 appointments/, 'the totals follow the filters');
    assert.match(london.body, /href="\/incidents\/export\?region=London&amp;format=csv"/);
    assert.equal(count((await get('/incidents?from=2026-06&to=2026-07&kind=trust', analyst)).body), '2');
    assert.equal(count((await get('/incidents?kind=icb', analyst)).body), '0');
    assert.equal((await get('/incidents?from=May', analyst)).statusCode, 400);
    const dashboard = await get('/national?region=London', analyst);
    assert.match(dashboard.body, /href="\/incidents\?region=London" data-testid="incident-register-link"/);
  });

  it('exports the filtered register as CSV (formulas neutralised) and XLSX', async () => {
    const csv = await get('/incidents/export?format=csv&organisation=' + beta.odsCode, analyst);
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(csv.headers['content-disposition']), /ward-incidents-2026-11-28\.csv/);
    assert.match(csv.body, /^\uFEFFReference,ODS code,Organisation,Region,Type,Started/);
    assert.match(csv.body, new RegExp(`\\nINC-2026-00002,${beta.odsCode},'=Beta Community Trust,London,supplier,2026-07-02T08:00:00.000Z,,250,0,410000,no,,Pathology supplier outage`));
    assert.equal(csv.body.trim().split('\n').length, 2);
    const xlsx = await get('/incidents/export?format=xlsx', analyst);
    assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
  });

  it("organisation users get 403 on the register, and cannot reach another organisation's incidents", async () => {
    for (const url of ['/incidents', `/incidents?organisation=${alpha.odsCode}`, `/incidents?organisation=${beta.odsCode}`, '/incidents/export?format=csv']) assert.equal((await get(url, orgAdmin)).statusCode, 403, url);
    assert.equal((await get(`/organisations/${beta.odsCode}/incidents/new`, orgAdmin)).statusCode, 403);
    const own = await get(`/organisations/${alpha.odsCode}`, orgAdmin);
    assert.match(own.body, /Credential phishing/, 'their own incidents stay on their organisation page');
    assert.doesNotMatch(own.body, /href="\/incidents"/, 'no Incidents link in the navigation');
  });

  it('pages the register 25 at a time, keeping the filters in the page links', async () => {
    const gamma = await makeOrganisation(context, { name: 'Gamma Practice', region: 'South West' });
    for (let day = 1; day <= 26; day += 1) await reportIncident(context, operator, { odsCode: gamma.odsCode, type: 'malware', summary: `Malware ${day}`, startedAt: `2026-10-${String(day).padStart(2, '0')}T08:00:00Z` });
    const first = await get('/incidents?type=malware', analyst);
    assert.match(first.body, /26 incidents, page 1 of 2/);
    assert.match(first.body, /href="\/incidents\?type=malware&amp;page=2"/);
    const second = await get('/incidents?type=malware&page=2', analyst);
    assert.deepEqual(second.body.match(/Malware \d+/g), ['Malware 1'], 'newest first: the oldest is alone on page 2');
  });
});
