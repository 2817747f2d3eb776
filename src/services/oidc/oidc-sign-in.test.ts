import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { Secret } from '../../config/secret.js';
import type { WardServer } from '../../http/build-server.js';
import { buildServer } from '../../http/build-server.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, serviceContext } from '../../test-support/factories.js';
import { call, cookieFrom } from '../../test-support/http.js';
import { startIdentityProvider, type TestIdentityProvider } from '../../test-support/oidc-provider.js';
import type { ServiceContext } from '../context.js';
import { beginTotpEnrolment } from '../second-factor/begin-totp-enrolment.js';
import { confirmTotpEnrolment } from '../second-factor/confirm-totp-enrolment.js';
import { totpCodeAt } from '../second-factor/totp-code.js';

const redirectUri = 'http://127.0.0.1/sign-in/oidc/callback';

describeEachEngine('OpenID Connect sign-in against a real provider', ({ database, it }) => {
  let context: ServiceContext;
  let server: WardServer;
  let idp: TestIdentityProvider;
  let member: { id: string; email: string };
  let guarded: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    member = await makeUser(context, 'org-member', { organisation, email: `member-${Date.now()}@trust.nhs.uk` });
    guarded = await makeUser(context, 'org-admin', { organisation });
    idp = await startIdentityProvider({
      redirectUri,
      accounts: {
        alice: { email: member.email.toUpperCase(), email_verified: true },
        stranger: { email: 'nobody@elsewhere.nhs.uk', email_verified: true },
        unverified: { email: member.email, email_verified: false },
        guarded: { email: guarded.email, email_verified: true },
      },
    });
    const oidc = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: new Secret(idp.clientSecret), redirectUri, emailClaim: 'email', allowInsecure: true, label: 'Sign in with NHS identity' };
    server = await buildServer(context, { cookieSecure: false, trustProxy: false, bodyLimitBytes: 1024 * 1024, signInPerMinute: 1000, logLevel: 'silent', oidc });
  });
  after(async () => {
    await server.app.close();
    await idp.close();
  });

  /** Ward's redirect → the provider (login and consent answered) → Ward's callback, as a browser would. */
  async function signInAs(account: string, next = '/organisations') {
    idp.signInAs(account);
    const start = await server.app.inject({ method: 'GET', url: `/sign-in/oidc?next=${encodeURIComponent(next)}` });
    assert.equal(start.statusCode, 303);
    const authorization = new URL(start.headers.location ?? '');
    const callback = await idp.authorize(authorization.href);
    const answer = await server.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { accept: 'text/html' } });
    return { authorization, callback, answer };
  }

  it('authorization code with PKCE S256, state and nonce; the e-mail claim finds the Ward user', async () => {
    const { authorization, callback, answer } = await signInAs('alice');
    assert.equal(authorization.origin, idp.issuer);
    assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorization.searchParams.get('response_type'), 'code');
    assert.ok((authorization.searchParams.get('state') ?? '').length >= 32);
    assert.ok((authorization.searchParams.get('nonce') ?? '').length >= 32);
    assert.equal(answer.statusCode, 303, answer.body.slice(0, 300));
    assert.equal(answer.headers.location, '/organisations');
    const cookie = cookieFrom(answer.headers);
    const whoami = await call(server.app, { method: 'GET', url: '/api/v1/session', headers: { cookie } });
    assert.equal((whoami.body as { principal: { label: string } }).principal.label, member.email);
    const audit = await database().db.selectFrom('audit_log').select('details').where('action', '=', 'session.started').where('actor_id', '=', member.id).execute();
    assert.ok(audit.some((row) => row.details.includes('"method":"oidc"')));

    const replay = await server.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { accept: 'text/html' } });
    assert.equal(replay.statusCode, 401, 'a state is used once');
  });

  it('a forged state, an unknown identity and an unverified address are refused, and nobody is created', async () => {
    const users = async () => (await database().db.selectFrom('users').select('id').execute()).length;
    const before = await users();
    const { callback } = await signInAsWithoutCallback('alice');
    callback.searchParams.set('state', 'forged-state-value');
    assert.equal((await server.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` })).statusCode, 401);
    const stranger = await signInAs('stranger');
    assert.equal(stranger.answer.statusCode, 401);
    assert.match(stranger.answer.body, /no Ward account for this identity/);
    const unverified = await signInAs('unverified');
    assert.equal(unverified.answer.statusCode, 401);
    assert.match(unverified.answer.body, /not verified/);
    assert.equal(await users(), before);
  });

  it('a user with an authenticator still gives its code after the provider', async () => {
    const actor = { principal: guarded.principal, sourceIp: null };
    const { secret } = await beginTotpEnrolment(context, actor, guarded.id);
    await confirmTotpEnrolment(context, actor, { userId: guarded.id, code: totpCodeAt(secret, new Date(Date.now() - 30_000)) });
    const { answer } = await signInAs('guarded', '/national');
    assert.equal(answer.statusCode, 303);
    assert.equal(answer.headers.location, '/sign-in/totp?next=%2Fnational');
    assert.equal((await call(server.app, { method: 'GET', url: '/api/v1/session', headers: { cookie: cookieFrom(answer.headers) } })).status, 401);
  });

  async function signInAsWithoutCallback(account: string) {
    idp.signInAs(account);
    const start = await server.app.inject({ method: 'GET', url: '/sign-in/oidc' });
    return { callback: await idp.authorize(start.headers.location ?? '') };
  }
});
