import assert from 'node:assert/strict';
import { WardError } from '../../core/errors.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext, testPassword } from '../../test-support/factories.js';
import { resolveSession } from '../sessions/resolve-session.js';
import { startSession } from '../sessions/start-session.js';
import { addUser } from './add-user.js';
import { unlockUser } from './unlock-user.js';

const isCode = (code: string) => (error: unknown) => error instanceof WardError && error.code === code;

describeEachEngine('users and sign-in', ({ database, it }) => {
  it('passwords are stored as argon2id hashes, never in clear', async () => {
    const context = serviceContext(database());
    const user = await makeUser(context, 'national-analyst');
    const row = await database().db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(!row.password_hash.includes(testPassword));
  });

  it('organisation roles need an organisation; national roles refuse one; short passwords are refused', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    await assert.rejects(addUser(context, operator, { email: 'x1@t.ward', displayName: 'x', role: 'org-admin', password: testPassword }), isCode('INVALID_INPUT'));
    await assert.rejects(addUser(context, operator, { email: 'x2@t.ward', displayName: 'x', role: 'national-admin', odsCode: organisation.odsCode, password: testPassword }), isCode('INVALID_INPUT'));
    await assert.rejects(addUser(context, operator, { email: 'x3@t.ward', displayName: 'x', role: 'org-member', odsCode: organisation.odsCode, password: 'short' }), isCode('INVALID_INPUT'));
    await assert.rejects(addUser(context, operator, { email: 'not-an-email', displayName: 'x', role: 'org-member', odsCode: organisation.odsCode, password: testPassword }), isCode('INVALID_INPUT'));
    await assert.rejects(addUser(context, operator, { email: 'x4@t.ward', displayName: 'x', role: 'superuser', password: testPassword }), isCode('INVALID_INPUT'));
  });

  it('an organisation admin can add users to their organisation only, and never national ones', async () => {
    const context = serviceContext(database());
    const mine = await makeOrganisation(context);
    const theirs = await makeOrganisation(context);
    const admin = await makeUser(context, 'org-admin', { organisation: mine });
    const actor = { principal: admin.principal };
    const added = await addUser(context, actor, { email: `m-${mine.odsCode}@t.ward`, displayName: 'm', role: 'org-member', odsCode: mine.odsCode, password: testPassword });
    assert.equal(added.organisationId, mine.id);
    await assert.rejects(addUser(context, actor, { email: `m-${theirs.odsCode}@t.ward`, displayName: 'm', role: 'org-member', odsCode: theirs.odsCode, password: testPassword }), isCode('FORBIDDEN'));
    await assert.rejects(addUser(context, actor, { email: `n-${mine.odsCode}@t.ward`, displayName: 'n', role: 'national-admin', password: testPassword }), isCode('FORBIDDEN'));
    await assert.rejects(addUser(context, operator, { email: added.email.toUpperCase(), displayName: 'dup', role: 'org-member', odsCode: mine.odsCode, password: testPassword }), isCode('CONFLICT'));
  });

  it('the 10th wrong password locks the account; while locked even the right password fails; an unlock restores it', async () => {
    const clock = manualClock();
    const context = serviceContext(database(), { clock });
    const user = await makeUser(context, 'national-analyst');
    for (let attempt = 1; attempt <= 9; attempt += 1) {
      await assert.rejects(startSession(context, { email: user.email, password: `wrong ${attempt}` }), isCode('UNAUTHENTICATED'));
    }
    // Nine failures: the right password still works and resets the count.
    const session = await startSession(context, { email: user.email, password: testPassword });
    assert.ok(session.token.length >= 40);
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      await assert.rejects(startSession(context, { email: user.email, password: `wrong ${attempt}` }), isCode('UNAUTHENTICATED'));
    }
    await assert.rejects(startSession(context, { email: user.email, password: testPassword }), isCode('ACCOUNT_LOCKED'));
    const row = await database().db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.equal(row.failed_logins, 10);
    assert.equal(row.locked_until, new Date(clock.now().getTime() + 30 * 60_000).toISOString());
    const audit = await database().db.selectFrom('audit_log').select('action').where('object_id', '=', user.id).where('action', '=', 'user.locked').execute();
    assert.equal(audit.length, 1);

    await unlockUser(context, operator, user.id);
    assert.ok(await startSession(context, { email: user.email, password: testPassword }));
  });

  it('a lock expires by itself after the lockout period', async () => {
    const clock = manualClock();
    const context = serviceContext(database(), { clock, security: { lockoutThreshold: 3, lockoutMinutes: 15 } });
    const user = await makeUser(context, 'national-analyst');
    for (let attempt = 0; attempt < 3; attempt += 1) await assert.rejects(startSession(context, { email: user.email, password: 'nope nope nope' }));
    await assert.rejects(startSession(context, { email: user.email, password: testPassword }), isCode('ACCOUNT_LOCKED'));
    clock.advance(15 * 60_000 + 1);
    // The first wrong guess after expiry starts a fresh count rather than re-locking at once.
    await assert.rejects(startSession(context, { email: user.email, password: 'nope nope nope' }), isCode('UNAUTHENTICATED'));
    assert.ok(await startSession(context, { email: user.email, password: testPassword }));
  });

  it('unknown e-mail and wrong password get the same answer', async () => {
    const context = serviceContext(database());
    const user = await makeUser(context, 'national-analyst');
    const messages: string[] = [];
    for (const email of [user.email, 'nobody@t.ward']) {
      await assert.rejects(startSession(context, { email, password: 'wrong password!' }), (error: unknown) => {
        assert.ok(error instanceof WardError && error.code === 'UNAUTHENTICATED');
        messages.push(error.message);
        return true;
      });
    }
    assert.equal(messages[0], messages[1]);
  });

  it('sessions end after the idle time-out and after the absolute time-out', async () => {
    const clock = manualClock();
    const context = serviceContext(database(), { clock, security: { sessionIdleMinutes: 30, sessionAbsoluteHours: 2 } });
    const user = await makeUser(context, 'national-analyst');
    const idle = await startSession(context, { email: user.email, password: testPassword });
    clock.advance(29 * 60_000);
    assert.ok(await resolveSession(context, idle.token));
    clock.advance(29 * 60_000);
    assert.ok(await resolveSession(context, idle.token), 'activity extends the idle window');
    clock.advance(31 * 60_000);
    assert.equal(await resolveSession(context, idle.token), null);

    const absolute = await startSession(context, { email: user.email, password: testPassword });
    for (let step = 0; step < 4; step += 1) {
      clock.advance(25 * 60_000);
      assert.ok(await resolveSession(context, absolute.token));
    }
    clock.advance(25 * 60_000);
    assert.equal(await resolveSession(context, absolute.token), null);
    assert.equal(await resolveSession(context, 'not-a-session'), null);
  });
});
