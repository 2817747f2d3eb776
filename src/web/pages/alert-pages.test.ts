/**
 * The national alert pages through inject(), on both engines: the list, the issue form (CSRF, every
 * invalid field named), the board with its chart, filters and export, approving and rejecting
 * exceptions, the dashboard's links to boards, and what organisation users may not open.
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { csrfTokenFor, sessionCookie } from '../../http/authenticate.js';
import type { WardServer } from '../../http/build-server.js';
import { issueAlert } from '../../services/alerts/issue-alert.js';
import { requestAlertException } from '../../services/alerts/respond-to-alert.js';
import type { ServiceContext } from '../../services/context.js';
import { startSession } from '../../services/sessions/start-session.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext, testPassword } from '../../test-support/factories.js';
import { buildTestServer } from '../../test-support/http.js';

const formType = { 'content-type': 'application/x-www-form-urlencoded' };
type Session = { cookie: string; csrf: string };
const exceptionRequest = { justification: 'A lab analyser the supplier must patch', compensatingControls: 'Its own VLAN, SMB blocked at the firewall', expiresAt: '2027-02-28' };

/** The page with its template whitespace collapsed, so assertions read like the markup. */
function squashed(response: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  return { statusCode: response.statusCode, headers: response.headers, body: response.body.replace(/\s+/g, ' ').replace(/ ?> ?/g, '>').replace(/ </g, '<') };
}

describeEachEngine('alert pages', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let north: Organisation;
  let london: Organisation;
  let admin: Session;
  let analyst: Session;
  let northAdmin: Session;
  let londonAdmin: Session;
  const clock = manualClock(new Date('2026-11-28T09:00:00Z'));

  async function signedIn(email: string): Promise<Session> {
    const session = await startSession(context, { email, password: testPassword });
    return { cookie: `${sessionCookie}=${session.token}`, csrf: csrfTokenFor(session.token) };
  }
  const raw = (url: string, who: Session) => server.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: who.cookie } });
  const get = async (url: string, who: Session) => squashed(await raw(url, who));
  const post = async (url: string, who: Session, fields: Record<string, string> = {}, csrf = who.csrf) =>
    squashed(await server.app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(), headers: { ...formType, cookie: who.cookie } }));
  const alertCount = async () => (await context.database.db.selectFrom('alerts').select('id').execute()).length;

  before(async () => {
    context = serviceContext(database(), { clock });
    server = await buildTestServer(context);
    north = await makeOrganisation(context, { name: 'Northern Hospitals NHS Trust', region: 'North West' });
    london = await makeOrganisation(context, { name: 'London Community Trust', region: 'London' });
    admin = await signedIn((await makeUser(context, 'national-admin')).email);
    analyst = await signedIn((await makeUser(context, 'national-analyst')).email);
    const northUser = await makeUser(context, 'org-admin', { organisation: north });
    northAdmin = await signedIn(northUser.email);
    londonAdmin = await signedIn((await makeUser(context, 'org-admin', { organisation: london })).email);
    await issueAlert(context, operator, { reference: 'CC-2026-0500', title: 'Close SMB to the internet', severity: 'critical', conditions: { ports: [{ port: 445 }] }, target: { odsCodes: [north.odsCode] } });
    await issueAlert(context, operator, { reference: 'CC-2026-0501', title: 'Disable SMBv1', severity: 'high', conditions: { observations: [{ key: 'smb1.enabled', equals: true }] }, target: { all: true } });
    const asNorth = { principal: northUser.principal, sourceIp: null };
    await requestAlertException(context, asNorth, 'CC-2026-0501', north.odsCode, exceptionRequest);
  });

  it('a national admin sees every alert, the link to issue one, and the Alerts navigation', async () => {
    const page = await get('/alerts', admin);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="issue-alert-link"/);
    assert.match(page.body, /<caption[^>]*>Alerts, newest first<\/caption>/);
    assert.match(page.body, /href="\/alerts\/CC-2026-0500">CC-2026-0500</);
    assert.match(page.body, /href="\/alerts\/CC-2026-0501">CC-2026-0501</);
    assert.match(page.body, /<a class="nhsuk-header__navigation-link" href="\/alerts"/);
    assert.doesNotMatch((await get('/alerts', analyst)).body, /data-testid="issue-alert-link"/);
  });

  it('the board shows totals, the burn-down chart with its table, states linked to each organisation, filters and exports', async () => {
    const page = await get('/alerts/CC-2026-0501', analyst);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Disable SMBv1<\/h1>/);
    assert.match(page.body, /data-testid="figure-acknowledged">0 %</);
    assert.match(page.body, /data-testid="figure-exceptions">0 approved, 1 pending</);
    assert.match(page.body, /<svg[\s\S]*Assets exposed to CC-2026-0501 over time/);
    assert.match(page.body, /data-testid="burn-down-table"/);
    assert.match(page.body, new RegExp(`href="/organisations/${north.odsCode}/alerts/CC-2026-0501">Northern Hospitals NHS Trust<`));
    assert.match(page.body, new RegExp(`href="/organisations/${london.odsCode}/alerts/CC-2026-0501">London Community Trust<`));
    // The analyst reads the pending request but may not decide it.
    assert.match(page.body, new RegExp(`data-exception="${north.odsCode}"`));
    assert.doesNotMatch(page.body, /exceptions\/[A-Z0-9]+\/approve/);
    assert.doesNotMatch(page.body, /<script(?![^>]*src=)/, 'no inline script');
    assert.doesNotMatch(page.body, / style="/, 'no inline style');

    const requested = await get('/alerts/CC-2026-0501?state=exception-requested', analyst);
    assert.match(requested.body, /data-testid="organisations-count">1 organisation\./);
    assert.doesNotMatch(requested.body, /data-testid="board-table"[\s\S]*London Community Trust[\s\S]*<\/table>/);
    const csv = await raw('/alerts/CC-2026-0501/export?format=csv', analyst);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /ward-alert-CC-2026-0501-2026-11-28\.csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines[0], 'ODS code,Organisation,State,Affected devices,Acknowledged,Remediated,Overdue,Escalations,Exception,Exception until,Evidence judged up to');
    assert.equal(lines.length, 3);
    const filteredCsv = await raw(`/alerts/CC-2026-0501/export?format=csv&q=${london.odsCode}`, analyst);
    assert.deepEqual(filteredCsv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((line) => line.split(',')[0]), [london.odsCode]);
    const xlsx = await raw('/alerts/CC-2026-0501/export?format=xlsx&state=exposed', analyst);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('a national admin issues an alert through the form (with the CSRF token) and lands on its board', async () => {
    const form = await get('/alerts/new', admin);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<input type="hidden" name="_csrf" value="[^"]+">/);
    for (const id of ['title', 'severity', 'cves', 'windowsFixedBuilds', 'kbs', 'observations', 'ports', 'odsCodes', 'ackHours', 'remediationDays', 'escalationHours']) {
      assert.match(form.body, new RegExp(`<label class="nhsuk-label"[^>]*for="${id}"`), `label for ${id}`);
    }
    const fields = { title: 'Patch MS17-010 now', severity: 'critical', cves: 'CVE-2017-0143, CVE-2017-0144', windowsFixedBuilds: '6.1.7601.23689', kbs: 'KB4012212 KB4012215', odsCodes: north.odsCode.toLowerCase(), ackHours: '48', remediationDays: '14', escalationHours: '24', reference: 'CC-2026-0502' };
    const before = await alertCount();
    assert.equal((await post('/alerts', admin, fields, 'forged')).statusCode, 403);
    assert.equal(await alertCount(), before);
    const issued = await post('/alerts', admin, fields);
    assert.equal(issued.statusCode, 303, issued.body);
    assert.equal(issued.headers.location, '/alerts/CC-2026-0502?issued=1');
    const board = await get('/alerts/CC-2026-0502?issued=1', admin);
    assert.match(board.body, /data-testid="issued-banner"/);
    assert.match(board.body, /data-testid="organisations-count">1 organisation\./);
    const stored = await context.database.db.selectFrom('alerts').select(['conditions', 'target']).where('reference', '=', 'CC-2026-0502').executeTakeFirstOrThrow();
    const conditions = JSON.parse(stored.conditions) as { cves: string[]; windows: { fixedBuilds: string[]; kbs: string[] } };
    assert.deepEqual(conditions.cves, ['CVE-2017-0143', 'CVE-2017-0144']);
    assert.deepEqual(conditions.windows, { fixedBuilds: ['6.1.7601.23689'], kbs: ['KB4012212', 'KB4012215'] });
    assert.deepEqual((JSON.parse(stored.target) as { odsCodes: string[] }).odsCodes, [north.odsCode]);
    // The same reference again is refused on the reference field.
    const again = await post('/alerts', admin, fields);
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /href="#reference"/);
  });

  it('an invalid form names each wrong field in the error summary and keeps what was typed', async () => {
    const before = await alertCount();
    const page = await post('/alerts', admin, { title: 'x', severity: '', cves: 'CVE-2017-0144 not-a-cve', ports: '445, 99999', observations: 'smb1.enabled', ackHours: 'soon', remediationDays: '14', escalationHours: '24' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /<title>Error: Issue an alert – Ward<\/title>/);
    assert.match(page.body, /nhsuk-error-summary/);
    for (const id of ['title', 'severity', 'cves', 'observations', 'ports', 'ackHours']) assert.match(page.body, new RegExp(`<a href="#${id}">`), `summary links to ${id}`);
    for (const id of ['remediationDays', 'escalationHours', 'odsCodes']) assert.doesNotMatch(page.body, new RegExp(`<a href="#${id}">`));
    assert.match(page.body, /id="title-error"/);
    assert.match(page.body, /CVE-2017-0144 not-a-cve<\/textarea>/);
    const empty = await post('/alerts', admin, { title: 'No conditions here', severity: 'high', odsCodes: 'ZZZ99' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<a href="#cves">Enter CVE identifiers/);
    const unknown = await post('/alerts', admin, { title: 'Unknown target', severity: 'high', ports: '445', odsCodes: 'ZZZ99' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /<a href="#odsCodes">Unknown organisations: ZZZ99/);
    assert.equal(await alertCount(), before);
  });

  it('a national admin approves one exception and rejects another from the board; an analyst may not', async () => {
    await requestAlertException(context, { principal: { type: 'system', label: 'test' } }, 'CC-2026-0501', london.odsCode, exceptionRequest);
    const board = await get('/alerts/CC-2026-0501', admin);
    assert.match(board.body, new RegExp(`action="/alerts/CC-2026-0501/exceptions/${north.odsCode}/approve"`));
    assert.match(board.body, new RegExp(`<label class="nhsuk-label"[^>]*for="reason-${london.odsCode}"`));
    assert.equal((await post(`/alerts/CC-2026-0501/exceptions/${north.odsCode}/approve`, analyst)).statusCode, 403);
    assert.equal((await post(`/alerts/CC-2026-0501/exceptions/${north.odsCode}/approve`, admin, {}, 'forged')).statusCode, 403);

    const approved = await post(`/alerts/CC-2026-0501/exceptions/${north.odsCode}/approve`, admin);
    assert.equal(approved.statusCode, 303);
    assert.equal(approved.headers.location, `/alerts/CC-2026-0501?decided=approved&org=${north.odsCode}`);
    const rejected = await post(`/alerts/CC-2026-0501/exceptions/${london.odsCode}/reject`, admin, { reason: 'Isolate the analyser first' });
    assert.equal(rejected.statusCode, 303);
    const after = await get(String(rejected.headers.location), admin);
    assert.match(after.body, /data-testid="decided-banner"[\s\S]*Exception rejected for London Community Trust/);
    assert.match(after.body, /data-testid="figure-exceptions">1 approved, 0 pending</);
    assert.match(after.body, /data-testid="no-pending"/);
    assert.match(after.body, /Exception approved<\/strong>/);
    assert.match(after.body, />Rejected<\/td>/);
    // The trust sees on its own alert page that it was refused, when, and why.
    const own = await get(`/organisations/${london.odsCode}/alerts/CC-2026-0501`, londonAdmin);
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /refused on [^<]*: Isolate the analyser first \(you may ask again\)/);
    // Deciding twice is a conflict, shown as an error page.
    assert.equal((await post(`/alerts/CC-2026-0501/exceptions/${london.odsCode}/reject`, admin)).statusCode, 409);

    // A request overtaken by verified remediation offers Reject only, and says why.
    await requestAlertException(context, { principal: { type: 'system', label: 'test' } }, 'CC-2026-0501', london.odsCode, exceptionRequest);
    const alertRow = await context.database.db.selectFrom('alerts').select('id').where('reference', '=', 'CC-2026-0501').executeTakeFirstOrThrow();
    await context.database.db.updateTable('alert_organisations').set({ status: 'remediated', remediated_at: '2026-11-28T08:00:00.000Z' }).where('alert_id', '=', alertRow.id).where('organisation_id', '=', london.id).execute();
    const overtaken = await get('/alerts/CC-2026-0501', admin);
    assert.match(overtaken.body, /data-testid="remediated-since-request"/);
    assert.doesNotMatch(overtaken.body, new RegExp(`action="/alerts/CC-2026-0501/exceptions/${london.odsCode}/approve"`));
    assert.match(overtaken.body, new RegExp(`action="/alerts/CC-2026-0501/exceptions/${london.odsCode}/reject"`));
    assert.equal((await post(`/alerts/CC-2026-0501/exceptions/${london.odsCode}/approve`, admin)).statusCode, 409);
  });

  it('an organisation user lists only the alerts sent to it, linked to its own alert page, and cannot open boards or the form', async () => {
    const mine = await get('/alerts', northAdmin);
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, new RegExp(`href="/organisations/${north.odsCode}/alerts/CC-2026-0500"`));
    assert.doesNotMatch(mine.body, /data-testid="issue-alert-link"/);
    assert.match(mine.body, /<a class="nhsuk-header__navigation-link" href="\/alerts"/);
    const theirs = await get('/alerts', londonAdmin);
    assert.doesNotMatch(theirs.body, /CC-2026-0500/);
    assert.match(theirs.body, new RegExp(`href="/organisations/${london.odsCode}/alerts/CC-2026-0501"`));
    for (const url of ['/alerts/CC-2026-0500', '/alerts/CC-2026-0501', '/alerts/new', '/alerts/CC-2026-0500/export?format=csv']) {
      assert.equal((await get(url, londonAdmin)).statusCode, 403, url);
    }
    assert.equal((await post('/alerts', londonAdmin, { title: 'Not mine to issue', severity: 'high', ports: '445' })).statusCode, 403);
    assert.equal((await post(`/alerts/CC-2026-0500/exceptions/${north.odsCode}/approve`, northAdmin)).statusCode, 403);
  });

  it("the national dashboard's alert compliance links each alert to its board", async () => {
    const page = await get('/national', analyst);
    assert.match(page.body, /data-testid="alerts-table"[\s\S]*href="\/alerts\/CC-2026-0501">CC-2026-0501</);
  });
});
