/**
 * The organisation side of the web UI through inject(), on both engines: the assessment panels and
 * failing checks, the paged check list, the alert forms, incidents, the assessor page, the board
 * report (PDF text read back with pdftotext), and that another organisation's pages stay closed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { csrfTokenFor, sessionCookie } from '../../http/authenticate.js';
import type { WardServer } from '../../http/build-server.js';
import { organisationReportHeadings } from '../../reports/organisation-report/organisation-report-pdf.js';
import { ms17010Cves, qualysSamplePath } from '../../services/alerts/alert-test-support.js';
import { issueAlert } from '../../services/alerts/issue-alert.js';
import { runAssessment } from '../../services/assessment/run-assessment.js';
import type { ServiceContext } from '../../services/context.js';
import { importEvidence } from '../../services/imports/import-evidence.js';
import { addExercise } from '../../services/readiness/add-exercise.js';
import { startSession } from '../../services/sessions/start-session.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext, testPassword } from '../../test-support/factories.js';
import { buildTestServer } from '../../test-support/http.js';

const formType = { 'content-type': 'application/x-www-form-urlencoded' };

function pdfText(pdf: Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'ward-pdf-'));
  try {
    const path = join(folder, 'report.pdf');
    writeFileSync(path, pdf);
    return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describeEachEngine('organisation pages', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let trust: Organisation;
  let other: Organisation;
  let admin: { cookie: string; csrf: string };
  let member: { cookie: string; csrf: string };
  let stranger: { cookie: string; csrf: string };
  let assessor: { cookie: string; csrf: string };
  const clock = manualClock(new Date('2026-11-28T09:00:00Z'));

  async function signedIn(email: string) {
    const session = await startSession(context, { email, password: testPassword });
    return { cookie: `${sessionCookie}=${session.token}`, csrf: csrfTokenFor(session.token) };
  }
  const get = (url: string, who: { cookie: string }) => server.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: who.cookie } });
  const post = (url: string, who: { cookie: string; csrf: string }, fields: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(), headers: { ...formType, cookie: who.cookie } });

  before(async () => {
    context = serviceContext(database(), { clock });
    server = await buildTestServer(context);
    trust = await makeOrganisation(context, { name: 'Alpha Hospitals NHS Foundation Trust', region: 'North West' });
    other = await makeOrganisation(context, { name: 'Beta Community Trust', region: 'London' });
    admin = await signedIn((await makeUser(context, 'org-admin', { organisation: trust })).email);
    member = await signedIn((await makeUser(context, 'org-member', { organisation: trust })).email);
    stranger = await signedIn((await makeUser(context, 'org-admin', { organisation: other })).email);
    assessor = await signedIn((await makeUser(context, 'assessor', { assigned: [trust] })).email);
    // The real Qualys report: two hosts lack MS17-010. Two assessments make a trend.
    await importEvidence(context, operator, { odsCode: trust.odsCode, filePath: qualysSamplePath, fileName: 'Qualys_Sample_Report.xml' });
    await runAssessment(context, operator, { odsCode: trust.odsCode, asOf: '2026-10-01' });
    await runAssessment(context, operator, { odsCode: trust.odsCode });
    await issueAlert(context, operator, { reference: 'CC-2026-0042', title: 'MS17-010 (EternalBlue)', severity: 'critical', conditions: { cves: ms17010Cves }, target: { odsCodes: [trust.odsCode] } });
    await addExercise(context, operator, { odsCode: trust.odsCode, heldOn: '2026-06-01', type: 'tabletop', scenario: 'Ransomware on the PAS', participants: ['IT', 'Board'], nationalBodiesContacted: true, findings: 'Call tree out of date', actions: [{ description: 'Update the call tree', owner: 'IT manager', dueOn: '2026-07-01' }] });
  });

  after(() => undefined);

  it('shows the score, controls, areas, the trend chart with its table, and failing checks that open to their reasons', async () => {
    const page = await get(`/organisations/${trust.odsCode}`, member);
    assert.equal(page.statusCode, 200);
    const score = /data-testid="score">([\d.]+)%</.exec(page.body)?.[1];
    assert.ok(score, 'a score is shown');
    assert.match(page.body, /data-testid="verdict">Fail</);
    assert.match(page.body, /data-testid="controls-table"/);
    assert.match(page.body, /Security update management/);
    assert.match(page.body, /data-testid="areas-table"/);
    assert.match(page.body, /<svg role="img" aria-label="Cyber Essentials Plus score over time/);
    assert.doesNotMatch(page.body, / style="/, 'no inline style (CSP)');
    const trendTable = page.body.slice(page.body.indexOf('data-testid="trend-table"'), page.body.indexOf('</table>', page.body.indexOf('data-testid="trend-table"')));
    assert.equal((trendTable.match(/<tbody[\s\S]*<\/tbody>/)?.[0].match(/<tr /g) ?? []).length, 2, 'two assessments in the trend table');
    assert.match(page.body, /<details class="nhsuk-details nhsuk-u-margin-bottom-3" data-rule="CE-PATCH-14D"|data-rule="[A-Z-0-9]+"/);
    assert.match(page.body, /<strong class="nhsuk-tag nhsuk-tag--(red|yellow)">(Failed|Not evidenced)<\/strong> <strong>[^<]+<\/strong>/, 'a failing check names its subject');
    assert.match(page.body, /data-testid="plan-table"|Nothing to fix/);
    assert.match(page.body, /data-testid="report-link"/);
    assert.doesNotMatch(page.body, /Assess now/, 'members may not run an assessment');
    assert.match(page.body, /data-testid="overdue-actions-table"[\s\S]*Update the call tree/);
    assert.match(page.body, /id="device-support"/, 'devices filter by support status');
    const unsupported = await get(`/organisations/${trust.odsCode}?support=unsupported`, member);
    assert.equal(unsupported.statusCode, 200);
    assert.match(unsupported.body, /data-testid="devices-count">\d+ device/);
  });

  it('lists every failing check of a rule on a paged page, and refuses other organisations', async () => {
    const page = await get(`/organisations/${trust.odsCode}`, member);
    const rule = /data-rule="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(rule, 'at least one rule lost points');
    const checks = await get(`/organisations/${trust.odsCode}/checks/${rule}`, member);
    assert.equal(checks.statusCode, 200);
    const count = Number(/data-testid="checks-count">([\d,]+) check/.exec(checks.body)?.[1]?.replace(',', ''));
    assert.ok(count > 0);
    assert.equal((checks.body.match(/<li><strong class="nhsuk-tag/g) ?? []).length, Math.min(count, 50));
    assert.equal((await get(`/organisations/${trust.odsCode}/checks/NO-SUCH-RULE`, member)).statusCode, 404);
    assert.equal((await get(`/organisations/${trust.odsCode}/checks/${rule}`, stranger)).statusCode, 403, 'URL tampering: another organisation');
  });

  it('an admin acknowledges an alert and requests an exception; a member only reads; a stranger is refused', async () => {
    const page = await get(`/organisations/${trust.odsCode}`, admin);
    assert.match(page.body, /data-alert="CC-2026-0042"/);
    assert.match(page.body, /Awaiting acknowledgement/);
    assert.match(page.body, /action="\/organisations\/[A-Z0-9]+\/alerts\/CC-2026-0042\/acknowledge"/);
    assert.doesNotMatch((await get(`/organisations/${trust.odsCode}`, member)).body, /alerts\/CC-2026-0042\/acknowledge/);
    assert.equal((await post(`/organisations/${trust.odsCode}/alerts/CC-2026-0042/acknowledge`, member)).statusCode, 403);
    assert.equal((await post(`/organisations/${trust.odsCode}/alerts/CC-2026-0042/acknowledge`, stranger)).statusCode, 403);
    const forged = await server.app.inject({ method: 'POST', url: `/organisations/${trust.odsCode}/alerts/CC-2026-0042/acknowledge`, payload: '', headers: { ...formType, cookie: admin.cookie } });
    assert.equal(forged.statusCode, 403, 'no CSRF token');
    const ack = await post(`/organisations/${trust.odsCode}/alerts/CC-2026-0042/acknowledge`, admin);
    assert.equal(ack.statusCode, 303);
    const detail = await get(String(ack.headers.location), admin);
    assert.match(detail.body, /data-testid="acknowledged-banner"/);
    assert.match(detail.body, /data-testid="alert-state">Acknowledged</);
    assert.match(detail.body, /data-testid="affected-table"/);
    const short = await post(`/organisations/${trust.odsCode}/alerts/CC-2026-0042/exception`, admin, { justification: 'no', compensatingControls: 'Isolated VLAN with no SMB', expiresAt: '2027-01-31' });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /nhsuk-error-summary/);
    assert.match(short.body, /Isolated VLAN with no SMB/, 'the form keeps what was typed');
    const requested = await post(`/organisations/${trust.odsCode}/alerts/CC-2026-0042/exception`, admin, { justification: 'The scanner appliance cannot be patched by us', compensatingControls: 'Isolated VLAN with no SMB', expiresAt: '2027-01-31' });
    assert.equal(requested.statusCode, 303);
    assert.match((await get(String(requested.headers.location), admin)).body, /data-testid="requested-banner"/);
    assert.equal((await get(`/organisations/${trust.odsCode}/alerts/CC-2026-0042`, stranger)).statusCode, 403);
  });

  it('reports an incident from the form, with errors shown on the form', async () => {
    const form = await get(`/organisations/${trust.odsCode}/incidents/new`, admin);
    assert.equal(form.statusCode, 200);
    const bad = await post(`/organisations/${trust.odsCode}/incidents`, admin, { type: 'ransomware', summary: 'Encrypted file shares', startedAt: 'yesterday' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /The incident was not reported/);
    const good = await post(`/organisations/${trust.odsCode}/incidents`, admin, { type: 'ransomware', summary: 'Encrypted file shares', startedAt: '2026-11-20T08:00:00Z', appointmentsCancelled: '120', operationsCancelled: '4', alertReference: 'CC-2026-0042' });
    assert.equal(good.statusCode, 303);
    const page = await get(String(good.headers.location).replace(/#.*/, ''), member);
    assert.match(page.body, /data-testid="reported-banner"/);
    assert.match(page.body, /data-testid="incidents-table"[\s\S]*Encrypted file shares[\s\S]*120 appointments, 4 operations cancelled/);
    assert.equal((await get(`/organisations/${trust.odsCode}/incidents/new`, member)).statusCode, 403);
    assert.equal((await post(`/organisations/${trust.odsCode}/incidents`, stranger, { type: 'other', summary: 'x', startedAt: '2026-11-20T08:00:00Z' })).statusCode, 403);
  });

  it('the assessor draws the sample and records a manual result; others cannot open the page', async () => {
    const page = await get(`/organisations/${trust.odsCode}/assessor`, assessor);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No sample drawn yet/);
    assert.equal((await post(`/organisations/${trust.odsCode}/assessor/samples`, assessor, { seed: 'page-test' })).statusCode, 303);
    const drawn = await get(`/organisations/${trust.odsCode}/assessor`, assessor);
    assert.match(drawn.body, /data-testid="sample-1"/);
    const device = /<option value="([0-9a-f-]{36})"/.exec(drawn.body)?.[1];
    assert.ok(device, 'a sampled device is offered');
    const missing = await post(`/organisations/${trust.odsCode}/assessor/results`, assessor, { test: 'tc3-email', result: 'pass' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /recorded per device/);
    const recorded = await post(`/organisations/${trust.odsCode}/assessor/results`, assessor, { test: 'tc3-email', result: 'fail', device, notes: 'EICAR attachment reached the inbox' });
    assert.equal(recorded.statusCode, 303);
    assert.match((await get(String(recorded.headers.location), assessor)).body, /Recorded: tc3-email fail/);
    assert.equal((await get(`/organisations/${trust.odsCode}/assessor`, admin)).statusCode, 403, 'organisation admins do not record assessor results');
    assert.equal((await get(`/organisations/${trust.odsCode}`, assessor)).statusCode, 200, 'the assessor reads the organisation page');
  });

  it('the board report is a PDF with the headings and the score, from the page, the API and for nobody else', async () => {
    const page = await get(`/organisations/${trust.odsCode}`, member);
    const score = /data-testid="score">([\d.]+%)</.exec(page.body)?.[1] ?? 'missing';
    const download = await get(`/organisations/${trust.odsCode}/report.pdf`, member);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), new RegExp(`attachment; filename="ward-board-report-${trust.odsCode}-2026-11-28\\.pdf"`));
    const text = pdfText(download.rawPayload);
    for (const heading of organisationReportHeadings) assert.ok(text.includes(heading), `the report has "${heading}"`);
    assert.ok(text.includes(`Score: ${score}`), `the report gives the page's score ${score}`);
    assert.match(text, /Board report: Alpha Hospitals NHS\s+Foundation Trust/);
    assert.match(text, /CC-2026-0042/);
    assert.match(text, /Update the call tree/);
    const api = await server.app.inject({ method: 'GET', url: `/api/v1/orgs/${trust.odsCode}/report.pdf`, headers: { cookie: member.cookie } });
    assert.equal(api.statusCode, 200);
    assert.ok(api.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
    assert.equal((await get(`/organisations/${trust.odsCode}/report.pdf`, stranger)).statusCode, 403);
    assert.equal((await server.app.inject({ method: 'GET', url: `/api/v1/orgs/${trust.odsCode}/report.pdf`, headers: { cookie: stranger.cookie } })).statusCode, 403);
    assert.equal((await server.app.inject({ method: 'GET', url: '/api/v1/orgs/ZZZ99/report.pdf', headers: { cookie: member.cookie } })).statusCode, 404);
  });
});
