import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { ServiceContext } from '../services/context.js';
import { createToken } from '../services/tokens/create-token.js';
import { revokeToken } from '../services/tokens/revoke-token.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext, testPassword } from '../test-support/factories.js';
import { buildTestServer, call, cookieFrom } from '../test-support/http.js';
import { csrfHeader, sessionCookie } from './authenticate.js';
import type { WardServer } from './build-server.js';

type ErrorBody = { error: { code: string; message: string; details?: { fields?: Record<string, string> } } };

describeEachEngine('HTTP API', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  before(async () => {
    context = serviceContext(database());
    server = await buildTestServer(context, { bodyLimitBytes: 16 * 1024 });
  });

  it('a user signs in, gets an HttpOnly session cookie and a CSRF token, and can use both', async () => {
    const admin = await makeUser(context, 'national-admin');
    const signIn = await call(server.app, { method: 'POST', url: '/api/v1/session', payload: { email: admin.email.toUpperCase(), password: testPassword } });
    assert.equal(signIn.status, 200);
    const setCookie = String((signIn.headers['set-cookie'] as string[] | string | undefined) ?? '');
    assert.match(setCookie, new RegExp(`^${sessionCookie}=`));
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    const cookie = cookieFrom(signIn.headers);
    const { csrfToken } = signIn.body as { csrfToken: string };

    const whoami = await call(server.app, { method: 'GET', url: '/api/v1/session', headers: { cookie } });
    assert.equal(whoami.status, 200);
    assert.equal((whoami.body as { principal: { label: string } }).principal.label, admin.email);

    const withoutCsrf = await call(server.app, { method: 'POST', url: '/api/v1/orgs', headers: { cookie }, payload: { odsCode: 'RJ1', name: "Guy's and St Thomas'" } });
    assert.equal(withoutCsrf.status, 403);
    const created = await call(server.app, { method: 'POST', url: '/api/v1/orgs', headers: { cookie, [csrfHeader]: csrfToken }, payload: { odsCode: 'RJ1', name: "Guy's and St Thomas'" } });
    assert.equal(created.status, 201);
    assert.equal((created.body as { odsCode: string }).odsCode, 'RJ1');

    const signOut = await call(server.app, { method: 'DELETE', url: '/api/v1/session', headers: { cookie, [csrfHeader]: csrfToken } });
    assert.equal(signOut.status, 200);
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/session', headers: { cookie } })).status, 401);
  });

  it('wrong passwords get 401, the 10th locks the account and sign-in then answers 423', async () => {
    const user = await makeUser(context, 'national-analyst');
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await call(server.app, { method: 'POST', url: '/api/v1/session', payload: { email: user.email, password: 'not the password' } });
      assert.equal(response.status, 401);
      assert.equal((response.body as ErrorBody).error.code, 'UNAUTHENTICATED');
    }
    const locked = await call(server.app, { method: 'POST', url: '/api/v1/session', payload: { email: user.email, password: testPassword } });
    assert.equal(locked.status, 423);
    assert.equal((locked.body as ErrorBody).error.code, 'ACCOUNT_LOCKED');
  });

  it('bodies of the wrong shape get 400 naming the fields, and change nothing', async () => {
    const organisation = await makeOrganisation(context);
    const token = await createToken(context, operator, organisation.odsCode, { name: 'reader', capabilities: ['read'] });
    const admin = await makeUser(context, 'national-admin');
    const adminToken = await call(server.app, { method: 'POST', url: '/api/v1/session', payload: { email: admin.email, password: testPassword } });
    const headers = { cookie: cookieFrom(adminToken.headers), [csrfHeader]: (adminToken.body as { csrfToken: string }).csrfToken };
    const cases: [unknown, string][] = [
      [{ odsCode: 'ZZ1' }, 'body.name'],
      [{ odsCode: 'ZZ1', name: 'x', kind: 'hospital' }, 'body.kind'],
      [{ odsCode: 'ZZ1', name: 'x', admin: true }, 'body'],
      [{ odsCode: 42, name: 'x' }, 'body.odsCode'],
    ];
    for (const [payload, field] of cases) {
      const response = await call(server.app, { method: 'POST', url: '/api/v1/orgs', headers, payload: payload as Record<string, unknown> });
      assert.equal(response.status, 400, JSON.stringify(payload));
      const body = response.body as ErrorBody;
      assert.equal(body.error.code, 'INVALID_INPUT');
      assert.ok(Object.keys(body.error.details?.fields ?? {}).some((key) => key.startsWith(field)), `${JSON.stringify(body)} should name ${field}`);
    }
    const malformedJson = await call(server.app, { method: 'POST', url: '/api/v1/orgs', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"odsCode": "ZZ1",' });
    assert.equal(malformedJson.status, 400);
    const badCode = await call(server.app, { method: 'POST', url: '/api/v1/orgs', headers, payload: { odsCode: 'Z!Z', name: 'x' } });
    assert.equal(badCode.status, 400);
    const unknownOrg = await call(server.app, { method: 'GET', url: '/api/v1/orgs/ZZ1', headers: { authorization: `Bearer ${token.token}` } });
    assert.equal(unknownOrg.status, 404);
    const list = await call(server.app, { method: 'GET', url: '/api/v1/orgs', headers });
    assert.ok(!(list.body as { organisations: { odsCode: string }[] }).organisations.some((o) => o.odsCode === 'ZZ1'));
  });

  it('a body over the size limit gets 413', async () => {
    const admin = await makeUser(context, 'national-admin');
    const signIn = await call(server.app, { method: 'POST', url: '/api/v1/session', payload: { email: admin.email, password: testPassword } });
    const response = await call(server.app, {
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: cookieFrom(signIn.headers), [csrfHeader]: (signIn.body as { csrfToken: string }).csrfToken },
      payload: { odsCode: 'ZZ2', name: 'x'.repeat(20 * 1024) },
    });
    assert.equal(response.status, 413);
    assert.equal((response.body as ErrorBody).error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('revoked, expired, malformed and unknown bearer tokens get 401 with a clear message', async () => {
    const organisation = await makeOrganisation(context);
    const token = await createToken(context, operator, organisation.odsCode, { name: 'reader', capabilities: ['read'] });
    const ok = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${organisation.odsCode}`, headers: { authorization: `Bearer ${token.token}` } });
    assert.equal(ok.status, 200);
    await revokeToken(context, operator, organisation.odsCode, token.id);
    const revoked = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${organisation.odsCode}`, headers: { authorization: `Bearer ${token.token}` } });
    assert.equal(revoked.status, 401);
    assert.match((revoked.body as ErrorBody).error.message, /revoked/);
    for (const authorization of ['Bearer nonsense', 'Basic dXNlcjpwYXNz', `Bearer ${token.token.slice(0, -1)}A`]) {
      const response = await call(server.app, { method: 'GET', url: '/api/v1/orgs', headers: { authorization } });
      assert.equal(response.status, 401, authorization);
    }
  });

  it('every response carries security headers; the OpenAPI document lists every route', async () => {
    const health = await call(server.app, { method: 'GET', url: '/healthz' });
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok', database: context.database.engine });
    assert.match(String(health.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(health.headers['x-content-type-options'], 'nosniff');
    assert.equal(health.headers['x-frame-options'], 'SAMEORIGIN');
    const openapi = await call(server.app, { method: 'GET', url: '/api/openapi.json' });
    assert.equal(openapi.status, 200);
    const document = openapi.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.equal(document.openapi, '3.0.3');
    // Web pages (HTML) are not part of the API description.
    for (const route of server.routes.filter((candidate) => !candidate.web)) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      assert.ok(document.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path} missing from OpenAPI`);
    }
    const notFound = await call(server.app, { method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(notFound.status, 404);
    assert.equal((notFound.body as ErrorBody).error.code, 'NOT_FOUND');
  });
});
