import assert from 'node:assert/strict';
import { WardError } from '../../core/errors.js';
import { systemActor } from '../../core/principal.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, serviceContext, testPassword } from '../../test-support/factories.js';
import type { ServiceContext } from '../context.js';
import { completeTotpSignIn } from '../sessions/complete-totp-sign-in.js';
import { resolveSession } from '../sessions/resolve-session.js';
import { startSession } from '../sessions/start-session.js';
import { beginTotpEnrolment } from './begin-totp-enrolment.js';
import { confirmTotpEnrolment } from './confirm-totp-enrolment.js';
import { resetTotp, totpStatus } from './reset-totp.js';
import { totpCodeAt } from './totp-code.js';

const isCode = (code: string) => (error: unknown) => error instanceof WardError && error.code === code;

describeEachEngine('second factor (TOTP)', ({ database, it }) => {
  function setUp(security: Partial<ServiceContext['security']> = {}) {
    const clock = manualClock(new Date('2026-11-28T09:00:10Z'));
    return { clock, context: serviceContext(database(), { clock, security: { nationalTotpRequired: true, ...security } }) };
  }

  /** Enrols a user through the service calls a person makes and returns the base32 secret. */
  async function enrol(context: ServiceContext, user: Awaited<ReturnType<typeof makeUser>>): Promise<string> {
    const { secret } = await beginTotpEnrolment(context, { principal: user.principal, sourceIp: null }, user.id);
    await confirmTotpEnrolment(context, { principal: user.principal, sourceIp: null }, { userId: user.id, code: totpCodeAt(secret, context.clock.now()) });
    return secret;
  }

  it('a national user without an authenticator can sign in only to set one up; confirming it upgrades the session', async () => {
    const { context, clock } = setUp();
    const admin = await makeUser(context, 'national-admin');
    const first = await startSession(context, { email: admin.email, password: testPassword });
    assert.equal(first.stage, 'totp-enrol');
    assert.equal((await resolveSession(context, first.token))?.stage, 'totp-enrol');

    const actor = { principal: admin.principal, sourceIp: null };
    const enrolment = await beginTotpEnrolment(context, actor, admin.id);
    assert.match(enrolment.uri, /^otpauth:\/\/totp\/Ward:.+\?issuer=Ward&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/);
    const stored = await database().db.selectFrom('user_totp').selectAll().where('user_id', '=', admin.id).executeTakeFirstOrThrow();
    assert.ok(!stored.secret_sealed.includes(enrolment.secret), 'the secret is stored sealed, never in clear');
    assert.equal(await totpStatus(context, admin.id), 'unconfirmed');

    await assert.rejects(confirmTotpEnrolment(context, actor, { userId: admin.id, code: '000000', sessionId: first.sessionId }), isCode('INVALID_INPUT'));
    const upgraded = await confirmTotpEnrolment(context, actor, { userId: admin.id, code: totpCodeAt(enrolment.secret, clock.now()), sessionId: first.sessionId });
    assert.ok(upgraded.session, 'the set-up session is replaced by a full one');
    assert.equal(await resolveSession(context, first.token), null, 'the set-up session is revoked (rotation)');
    assert.equal((await resolveSession(context, upgraded.session.token))?.stage, 'full');
    assert.equal(await totpStatus(context, admin.id), 'enabled');
    await assert.rejects(beginTotpEnrolment(context, actor, admin.id), isCode('CONFLICT'), 'a confirmed authenticator is not silently replaced');
  });

  it('sign-in takes two steps; a code is accepted within one step of the clock, and never twice', async () => {
    const { context, clock } = setUp();
    const analyst = await makeUser(context, 'national-analyst');
    const secret = await enrol(context, analyst);

    clock.advance(60_000);
    const pending = await startSession(context, { email: analyst.email, password: testPassword });
    assert.equal(pending.stage, 'totp-pending');
    assert.equal((await resolveSession(context, pending.token))?.stage, 'totp-pending');
    const now = clock.now();
    await assert.rejects(completeTotpSignIn(context, { token: pending.token, code: totpCodeAt(secret, new Date(now.getTime() - 60_000)) }), isCode('INVALID_INPUT'), 'two steps behind is outside the window');
    await assert.rejects(completeTotpSignIn(context, { token: pending.token, code: totpCodeAt(secret, new Date(now.getTime() + 60_000)) }), isCode('INVALID_INPUT'), 'two steps ahead is outside the window');
    const code = totpCodeAt(secret, new Date(now.getTime() - 30_000));
    const full = await completeTotpSignIn(context, { token: pending.token, code });
    assert.equal(full.stage, 'full');
    assert.notEqual(full.token, pending.token);
    assert.equal(await resolveSession(context, pending.token), null, 'the half session is gone');
    assert.equal((await resolveSession(context, full.token))?.principal.type, 'user');

    const again = await startSession(context, { email: analyst.email, password: testPassword });
    await assert.rejects(completeTotpSignIn(context, { token: again.token, code }), isCode('INVALID_INPUT'), 'the same code is refused (replay)');
    await assert.rejects(completeTotpSignIn(context, { token: again.token, code: totpCodeAt(secret, new Date(now.getTime() - 60_000)) }), isCode('INVALID_INPUT'));
    assert.equal((await completeTotpSignIn(context, { token: again.token, code: totpCodeAt(secret, now) })).stage, 'full', 'a later step still works');
    await assert.rejects(completeTotpSignIn(context, { token: again.token, code: totpCodeAt(secret, new Date(now.getTime() + 30_000)) }), isCode('INVALID_INPUT'), 'a used half session cannot be completed again');

    clock.advance(11 * 60_000);
    const stale = await startSession(context, { email: analyst.email, password: testPassword });
    clock.advance(11 * 60_000);
    await assert.rejects(completeTotpSignIn(context, { token: stale.token, code: totpCodeAt(secret, clock.now()) }), isCode('INVALID_INPUT'), 'a half sign-in expires after ten minutes');
  });

  it('wrong codes count towards the lock-out, and the password alone never resets the count', async () => {
    const { context, clock } = setUp({ lockoutThreshold: 3 });
    const admin = await makeUser(context, 'national-admin');
    const secret = await enrol(context, admin);
    clock.advance(30_000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const pending = await startSession(context, { email: admin.email, password: testPassword });
      await assert.rejects(completeTotpSignIn(context, { token: pending.token, code: '123456' === totpCodeAt(secret, clock.now()) ? '654321' : '123456' }), isCode('INVALID_INPUT'));
    }
    await assert.rejects(startSession(context, { email: admin.email, password: testPassword }), isCode('ACCOUNT_LOCKED'));
    const audit = await database().db.selectFrom('audit_log').select(['action', 'details']).where('object_id', '=', admin.id).where('action', '=', 'user.locked').execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]?.details ?? '', /"step":"totp"/);
  });

  it('other roles may sign in with a password alone, and once they set up an authenticator they need it', async () => {
    const { context, clock } = setUp();
    const organisation = await makeOrganisation(context);
    const member = await makeUser(context, 'org-member', { organisation });
    assert.equal((await startSession(context, { email: member.email, password: testPassword })).stage, 'full');
    const secret = await enrol(context, member);
    clock.advance(30_000);
    const pending = await startSession(context, { email: member.email, password: testPassword });
    assert.equal(pending.stage, 'totp-pending');
    assert.equal((await completeTotpSignIn(context, { token: pending.token, code: totpCodeAt(secret, clock.now()) })).stage, 'full');
  });

  it('only the account holder sets up an authenticator; a national admin resets it, which ends every session', async () => {
    const { context, clock } = setUp();
    const organisation = await makeOrganisation(context);
    const orgAdmin = await makeUser(context, 'org-admin', { organisation });
    const member = await makeUser(context, 'org-member', { organisation });
    const nationalAdmin = await makeUser(context, 'national-admin');
    await assert.rejects(beginTotpEnrolment(context, { principal: orgAdmin.principal, sourceIp: null }, member.id), isCode('FORBIDDEN'));
    const secret = await enrol(context, member);
    clock.advance(30_000);
    const pending = await startSession(context, { email: member.email, password: testPassword });
    const session = await completeTotpSignIn(context, { token: pending.token, code: totpCodeAt(secret, clock.now()) });
    await assert.rejects(resetTotp(context, { principal: orgAdmin.principal, sourceIp: null }, member.id), isCode('FORBIDDEN'));
    await resetTotp(context, { principal: nationalAdmin.principal, sourceIp: null }, member.id);
    assert.equal(await resolveSession(context, session.token), null);
    assert.equal(await totpStatus(context, member.id), 'none');
    assert.equal((await startSession(context, { email: member.email, password: testPassword })).stage, 'full');
    await resetTotp(context, systemActor('cli'), member.id);
  });

  it('without WARD_SECRET_KEY no authenticator can be set up', async () => {
    const { context } = setUp();
    const user = await makeUser(context, 'national-analyst');
    const keyless: ServiceContext = { ...context, connectors: { defender: context.connectors?.defender ?? { tokenUrl: '', apiBaseUrl: '', scope: '', pageSize: 1 } } };
    await assert.rejects(beginTotpEnrolment(keyless, { principal: user.principal, sourceIp: null }, user.id), isCode('CONFIG_INVALID'));
  });
});
