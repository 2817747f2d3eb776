/**
 * The national drill pages through inject(), on both engines: starting a drill through the form
 * (CSRF), its report with the acknowledgement chart and the paged organisations, the export, closing
 * it, field errors, and that organisation users and analysts cannot start or close drills.
 */
import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Organisation } from '../../core/organisation.js';
import { csrfTokenFor, sessionCookie } from '../../http/authenticate.js';
import type { WardServer } from '../../http/build-server.js';
import type { ServiceContext } from '../../services/context.js';
import { acknowledgeDrill } from '../../services/drills/acknowledge-drill.js';
import { addOrganisation } from '../../services/organisations/add-organisation.js';
import { addContact } from '../../services/readiness/add-contact.js';
import { startSession } from '../../services/sessions/start-session.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext, testPassword, uniqueOdsCode } from '../../test-support/factories.js';
import { buildTestServer } from '../../test-support/http.js';

const formType = { 'content-type': 'application/x-www-form-urlencoded' };
type Who = { cookie: string; csrf: string };

describeEachEngine('drill pages', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let north: Organisation;
  let london: Organisation;
  let admin: Who;
  let analyst: Who;
  let orgAdmin: Who;
  const clock = manualClock(new Date('2026-11-28T09:00:00Z'));

  async function signedIn(email: string): Promise<Who> {
    const session = await startSession(context, { email, password: testPassword });
    return { cookie: `${sessionCookie}=${session.token}`, csrf: csrfTokenFor(session.token) };
  }
  const get = (url: string, who: Who) => server.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: who.cookie } });
  const post = (url: string, who: Who, fields: Record<string, string>, csrf = who.csrf) =>
    server.app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(), headers: { ...formType, cookie: who.cookie } });
  async function acknowledge(recipient: string) {
    const mail = await context.database.db.selectFrom('outbox').select('body').where('recipient', '=', recipient).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    await acknowledgeDrill(context, operator, /drill-acknowledgements\/([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? '', { name: 'Duty manager' });
  }

  before(async () => {
    context = serviceContext(database(), { clock });
    server = await buildTestServer(context);
    north = await makeOrganisation(context, { name: 'Northern Hospitals NHS Trust', region: 'North West' });
    london = await makeOrganisation(context, { name: 'London Community Trust', region: 'London' });
    await addContact(context, operator, { odsCode: north.odsCode, name: 'Nadia North', role: 'Head of IT', email: 'nadia@north.nhs.uk', altEmail: 'nadia@north-oob.example' });
    await addContact(context, operator, { odsCode: london.odsCode, name: 'Lola London', role: 'CISO', email: 'lola@london.nhs.uk' });
    admin = await signedIn((await makeUser(context, 'national-admin')).email);
    analyst = await signedIn((await makeUser(context, 'national-analyst')).email);
    orgAdmin = await signedIn((await makeUser(context, 'org-admin', { organisation: north })).email);
  });

  it('a national admin starts a drill through the form, sees its report and export, and closes it', async () => {
    const form = await get('/drills/new', admin);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`name="_csrf" value="${admin.csrf}"`));
    assert.match(form.body, /<label[^>]*class="nhsuk-label"[^>]*for="title">\s*Scenario/);
    assert.match(form.body, /<option value="North West"/);
    assert.equal((await post('/drills', admin, { title: 'No token', windowHours: '4', 'channel-email': 'yes' }, 'forged')).statusCode, 403, 'a form without the session token is refused');

    const started = await post('/drills', admin, { title: 'Out-of-hours call-out', windowHours: '4', region: 'North West', kind: '', odsCodes: '', 'channel-email': 'yes' });
    assert.equal(started.statusCode, 303);
    assert.equal(started.headers.location, '/drills/DR-2026-0001');
    const sent = await context.database.db.selectFrom('drill_messages').select(['recipient', 'channel']).execute();
    assert.deepEqual(sent.map((m) => [m.recipient, m.channel]), [['nadia@north.nhs.uk', 'email']], 'North West only, e-mail only');

    clock.advance(20 * 60_000);
    await acknowledge('nadia@north.nhs.uk');
    const report = await get('/drills/DR-2026-0001', admin);
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /<h1>Out-of-hours call-out<\/h1>/);
    assert.match(report.body, /data-testid="drill-state">Open</);
    assert.match(report.body, /data-testid="drill-totals"><strong>1<\/strong> of 1 organisations acknowledged/);
    assert.match(report.body, /data-testid="channel-table"[\s\S]*E-mail\s*<\/td>/);
    assert.match(report.body, /<svg role="img" aria-label="Organisations by time to acknowledge drill DR-2026-0001"/);
    assert.match(report.body, /15 to 60 minutes<\/td><td class="nhsuk-table__cell nhsuk-table__cell--numeric">1</);
    assert.match(report.body, /median 20 minutes/);
    assert.match(report.body, /data-testid="close-drill"/);
    assert.doesNotMatch(report.body, / style="/, 'no inline style (CSP)');
    assert.doesNotMatch(report.body, /<script>/, 'no inline script (CSP)');
    const every = await get('/drills/DR-2026-0001?show=all', admin);
    assert.match(every.body, /data-testid="drill-organisations-table"[\s\S]*Northern Hospitals NHS Trust[\s\S]*Acknowledged in 20 minutes/);
    assert.doesNotMatch((await get('/drills/DR-2026-0001', analyst)).body, /data-testid="close-drill"/, 'analysts read, they do not close');

    const csv = await get('/drills/DR-2026-0001/export?format=csv&show=all', analyst);
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(csv.headers['content-disposition']), /ward-drill-DR-2026-0001\.csv/);
    assert.match(csv.body, new RegExp(`\\n${north.odsCode},Northern Hospitals NHS Trust,1,Acknowledged in 20 minutes,2026-11-28T09:20:00.000Z,1200,email,Nadia North \\(Duty manager\\)`));
    const xlsx = await get('/drills/DR-2026-0001/export?format=xlsx', analyst);
    assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');

    const list = await get('/drills', analyst);
    assert.match(list.body, /href="\/drills\/DR-2026-0001"/);
    assert.match(list.body, /1 of 1/);
    assert.doesNotMatch(list.body, /data-testid="start-drill-link"/);
    assert.match((await get('/drills', admin)).body, /data-testid="start-drill-link"/);
    const dashboard = await get('/national', analyst);
    assert.match(dashboard.body, /href="\/drills\/DR-2026-0001" data-testid="drill-link"/);
    assert.match(dashboard.body, /class="nhsuk-header__navigation-link" href="\/drills"/);

    const closed = await post('/drills/DR-2026-0001/close', admin, {});
    assert.equal(closed.statusCode, 303);
    assert.equal(closed.headers.location, '/drills/DR-2026-0001?closed=1');
    const after = await get('/drills/DR-2026-0001?closed=1', admin);
    assert.match(after.body, /data-testid="drill-closed"/);
    assert.match(after.body, /data-testid="drill-state">Closed</);
    assert.doesNotMatch(after.body, /data-testid="close-drill"/);
    const api = await server.app.inject({ method: 'POST', url: '/api/v1/drills', payload: { title: 'API drill', windowHours: 1, region: 'London', channels: ['alt-email'] }, headers: { cookie: admin.cookie, 'x-ward-csrf': admin.csrf } });
    assert.equal(api.statusCode, 201, api.body);
    const body = api.json<{ organisations: number; messages: number; withoutContacts: string[] }>();
    assert.deepEqual([body.organisations, body.messages, body.withoutContacts], [1, 0, [london.odsCode]], 'the API takes region and channels too: London has no out-of-band address');
    assert.equal((await post('/drills/DR-2026-0001/close', admin, {})).statusCode, 409);
    assert.equal((await post('/drills/DR-2026-0001/close', analyst, {})).statusCode, 403);
  });

  it('an invalid form names every invalid field in the error summary, and keeps what was typed', async () => {
    const page = await post('/drills', admin, { title: ' ', windowHours: 'soon', odsCodes: 'X' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /<title>Error: Start a drill/);
    for (const field of ['title', 'windowHours', 'channels']) assert.match(page.body, new RegExp(`<a href="#${field}">`), field);
    assert.match(page.body, /id="channels" name="channel-email" type="checkbox"/, 'the summary links to the first checkbox');
    assert.match(page.body, /value="soon"/);
    const unknown = await post('/drills', admin, { title: 'Drill', windowHours: '2', odsCodes: 'ZZZ99', 'channel-webhook': 'yes' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /<a href="#odsCodes">\s*Unknown organisations: ZZZ99\s*<\/a>/);
    const none = await post('/drills', admin, { title: 'Drill', windowHours: '2', region: 'Nowhere', 'channel-email': 'yes' });
    assert.match(none.body, /<a href="#region">\s*There is no organisation to drill\s*<\/a>/);
    assert.equal(await context.database.db.selectFrom('drills').select('id').where('title', '=', 'Drill').executeTakeFirst(), undefined);
  });

  it('pages the organisations of a large drill', async () => {
    for (let index = 0; index < 26; index += 1) await addOrganisation(context, operator, { odsCode: uniqueOdsCode(), name: `Practice ${String(index).padStart(2, '0')}`, kind: 'gp-practice', region: 'South West' });
    const started = await post('/drills', admin, { title: 'Practices', windowHours: '1', kind: 'gp-practice', 'channel-email': 'yes', 'channel-alt-email': 'yes' });
    const url = started.headers.location ?? '';
    const first = await get(url, analyst);
    assert.match(first.body, /26 organisations, page 1 of 2/);
    assert.match(first.body, /No contact to message/);
    assert.match(first.body, new RegExp(`href="${url}\\?show=not-acknowledged&amp;page=2"`));
    const second = await get(`${url}?show=not-acknowledged&page=2`, analyst);
    assert.equal((second.body.match(/Practice \d\d/g) ?? []).length, 1);
  });

  it('organisation users can neither see nor start drills', async () => {
    for (const url of ['/drills', '/drills/new', '/drills/DR-2026-0001', '/drills/DR-2026-0001/export?format=csv']) assert.equal((await get(url, orgAdmin)).statusCode, 403, url);
    assert.equal((await post('/drills', orgAdmin, { title: 'Rogue', windowHours: '1', 'channel-email': 'yes' })).statusCode, 403);
    assert.equal((await post('/drills/DR-2026-0001/close', orgAdmin, {})).statusCode, 403);
    assert.doesNotMatch((await get(`/organisations/${north.odsCode}`, orgAdmin)).body, /href="\/drills"/, 'no Drills link in the navigation');
  });
});
