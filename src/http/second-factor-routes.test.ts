import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { ServiceContext } from '../services/context.js';
import { totpCodeAt } from '../services/second-factor/totp-code.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeUser, manualClock, serviceContext, testPassword } from '../test-support/factories.js';
import { buildTestServer, call, cookieFrom } from '../test-support/http.js';
import { csrfHeader } from './authenticate.js';
import type { WardServer } from './build-server.js';

const formType = { 'content-type': 'application/x-www-form-urlencoded' };

describeEachEngine('second factor over HTTP', ({ database, it }) => {
  const clock = manualClock(new Date('2026-11-28T09:00:10Z'));
  let context: ServiceContext;
  let server: WardServer;
  before(async () => {
    context = serviceContext(database(), { clock, security: { nationalTotpRequired: true } });
    server = await buildTestServer(context);
  });

  it('API: a national admin enrols on first sign-in, then signs in with password and code', async () => {
    const admin = await makeUser(context, 'national-admin');
    const first = await call(server.app, { method: 'POST', url: '/api/v1/session', payload: { email: admin.email, password: testPassword } });
    assert.equal(first.status, 200);
    assert.equal((first.body as { secondFactor: string }).secondFactor, 'enrolment-required');
    const setup = { cookie: cookieFrom(first.headers), [csrfHeader]: (first.body as { csrfToken: string }).csrfToken };
    const blocked = await call(server.app, { method: 'GET', url: '/api/v1/orgs', headers: setup });
    assert.equal(blocked.status, 403, 'nothing but enrolment before a second factor exists');

    const enrolment = await call(server.app, { method: 'POST', url: '/api/v1/session/totp/enrolment', headers: setup });
    assert.equal(enrolment.status, 201);
    const { secret, uri } = enrolment.body as { secret: string; uri: string };
    assert.ok(uri.startsWith('otpauth://totp/Ward:'));
    const confirmed = await call(server.app, { method: 'POST', url: '/api/v1/session/totp/enrolment/confirm', headers: setup, payload: { code: totpCodeAt(secret, clock.now()) } });
    assert.equal(confirmed.status, 200);
    const full = { cookie: cookieFrom(confirmed.headers), [csrfHeader]: (confirmed.body as { csrfToken: string }).csrfToken };
    assert.notEqual(full.cookie, setup.cookie, 'the session is rotated');
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/orgs', headers: setup })).status, 401, 'the set-up session is gone');
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/orgs', headers: full })).status, 200);

    clock.advance(30_000);
    const password = await call(server.app, { method: 'POST', url: '/api/v1/session', payload: { email: admin.email, password: testPassword } });
    assert.deepEqual(Object.keys(password.body as object).sort(), ['expiresAt', 'secondFactor'], 'nothing about the account before the code');
    const pending = { cookie: cookieFrom(password.headers) };
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/session', headers: pending })).status, 401, 'half signed in is not signed in');
    const wrong = await call(server.app, { method: 'POST', url: '/api/v1/session/totp', headers: pending, payload: { code: totpCodeAt(secret, new Date(clock.now().getTime() - 120_000)) } });
    assert.equal(wrong.status, 400);
    const code = await call(server.app, { method: 'POST', url: '/api/v1/session/totp', headers: pending, payload: { code: totpCodeAt(secret, clock.now()) } });
    assert.equal(code.status, 200);
    const signedIn = { cookie: cookieFrom(code.headers), [csrfHeader]: (code.body as { csrfToken: string }).csrfToken };
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/national/summary', headers: signedIn })).status, 200);

    const everywhere = await call(server.app, { method: 'DELETE', url: '/api/v1/session?everywhere=true', headers: signedIn });
    assert.equal(everywhere.status, 200);
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/session', headers: full })).status, 401, 'sign out everywhere ends the other session too');
  });

  it('web: the sign-in form leads to the code step, or to setting up the app', async () => {
    const analyst = await makeUser(context, 'national-analyst');
    const signIn = await server.app.inject({ method: 'POST', url: '/sign-in?next=/organisations', payload: new URLSearchParams({ email: analyst.email, password: testPassword }).toString(), headers: formType });
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, '/account/two-factor');
    const cookie = cookieFrom(signIn.headers);
    const elsewhere = await server.app.inject({ method: 'GET', url: '/national', headers: { cookie, accept: 'text/html' } });
    assert.equal(elsewhere.statusCode, 303);
    assert.equal(elsewhere.headers.location, '/account/two-factor');
    const page = await server.app.inject({ method: 'GET', url: '/account/two-factor', headers: { cookie, accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const started = await server.app.inject({ method: 'POST', url: '/account/two-factor', payload: new URLSearchParams({ _csrf: csrf }).toString(), headers: { ...formType, cookie } });
    assert.equal(started.statusCode, 200);
    const secret = /<code>([A-Z2-7]+)<\/code>/.exec(started.body)?.[1] ?? '';
    assert.equal(secret.length, 32);
    const confirm = await server.app.inject({ method: 'POST', url: '/account/two-factor/confirm', payload: new URLSearchParams({ _csrf: csrf, code: totpCodeAt(secret, clock.now()) }).toString(), headers: { ...formType, cookie } });
    assert.equal(confirm.statusCode, 303);
    assert.equal(confirm.headers.location, '/national');

    clock.advance(30_000);
    const again = await server.app.inject({ method: 'POST', url: '/sign-in?next=/organisations', payload: new URLSearchParams({ email: analyst.email, password: testPassword }).toString(), headers: formType });
    assert.equal(again.headers.location, '/sign-in/totp?next=%2Forganisations');
    const pending = cookieFrom(again.headers);
    const form = await server.app.inject({ method: 'GET', url: '/sign-in/totp', headers: { cookie: pending, accept: 'text/html' } });
    assert.match(form.body, /autocomplete="one-time-code"/);
    const wrong = await server.app.inject({ method: 'POST', url: '/sign-in/totp?next=/organisations', payload: 'code=12', headers: { ...formType, cookie: pending } });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /There is a problem/);
    const done = await server.app.inject({ method: 'POST', url: '/sign-in/totp?next=/organisations', payload: `code=${totpCodeAt(secret, clock.now())}`, headers: { ...formType, cookie: pending } });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/organisations');
    const organisations = await server.app.inject({ method: 'GET', url: '/organisations', headers: { cookie: cookieFrom(done.headers), accept: 'text/html' } });
    assert.equal(organisations.statusCode, 200);
  });
});
