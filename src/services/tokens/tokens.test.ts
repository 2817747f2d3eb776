import assert from 'node:assert/strict';
import { WardError } from '../../core/errors.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, manualClock, operator, serviceContext } from '../../test-support/factories.js';
import { hashSecret } from '../ids.js';
import { authenticateToken } from './authenticate-token.js';
import { createToken } from './create-token.js';
import { listTokens } from './list-tokens.js';
import { revokeToken } from './revoke-token.js';

const isCode = (code: string) => (error: unknown) => error instanceof WardError && error.code === code;

describeEachEngine('API tokens', ({ database, it }) => {
  it('a token is stored hashed, scoped to its organisation and capabilities, and shown once', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    const created = await createToken(context, operator, organisation.odsCode, { name: 'nessus pipeline', capabilities: ['ingest'] });
    assert.match(created.token, /^ward_[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const row = await database().db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const secret = created.token.split('.')[1] ?? '';
    assert.equal(row.secret_hash, hashSecret(secret));
    assert.ok(!JSON.stringify(row).includes(secret));
    const listed = await listTokens(context, operator, organisation.odsCode);
    assert.equal(listed.length, 1);
    assert.ok(!JSON.stringify(listed).includes(secret));
    const principal = await authenticateToken(context, created.token);
    assert.deepEqual(principal, { type: 'token', tokenId: created.id, label: 'token:nessus pipeline', organisationId: organisation.id, capabilities: ['ingest'] });
  });

  it('a wrong secret, a malformed token or an unknown id authenticate nobody', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    const created = await createToken(context, operator, organisation.odsCode, { name: 't', capabilities: ['read'] });
    assert.equal(await authenticateToken(context, `${created.token.slice(0, -2)}xx`), null);
    assert.equal(await authenticateToken(context, 'ward_nothing'), null);
    assert.equal(await authenticateToken(context, `ward_00000000-0000-0000-0000-000000000000.${'a'.repeat(43)}`), null);
  });

  it('revoked and expired tokens are refused with a message that says which', async () => {
    const clock = manualClock();
    const context = serviceContext(database(), { clock });
    const organisation = await makeOrganisation(context);
    const revoked = await createToken(context, operator, organisation.odsCode, { name: 'r', capabilities: ['ingest'] });
    await revokeToken(context, operator, organisation.odsCode, revoked.id);
    await assert.rejects(authenticateToken(context, revoked.token), (e: unknown) => isCode('UNAUTHENTICATED')(e) && /revoked/.test((e as Error).message));
    const expiring = await createToken(context, operator, organisation.odsCode, { name: 'e', capabilities: ['ingest'], expiresInDays: 1 });
    assert.ok(await authenticateToken(context, expiring.token));
    clock.advance(86_400_000);
    await assert.rejects(authenticateToken(context, expiring.token), (e: unknown) => isCode('UNAUTHENTICATED')(e) && /expired/.test((e as Error).message));
  });

  it('an organisation admin cannot create, list or revoke tokens of another organisation', async () => {
    const context = serviceContext(database());
    const mine = await makeOrganisation(context);
    const theirs = await makeOrganisation(context);
    const admin = await makeUser(context, 'org-admin', { organisation: mine });
    const actor = { principal: admin.principal };
    const theirToken = await createToken(context, operator, theirs.odsCode, { name: 'theirs', capabilities: ['ingest'] });
    await assert.rejects(createToken(context, actor, theirs.odsCode, { name: 'x', capabilities: ['ingest'] }), isCode('FORBIDDEN'));
    await assert.rejects(listTokens(context, actor, theirs.odsCode), isCode('FORBIDDEN'));
    await assert.rejects(revokeToken(context, actor, theirs.odsCode, theirToken.id), isCode('FORBIDDEN'));
    // Naming their token under my organisation finds nothing rather than revoking it.
    await assert.rejects(revokeToken(context, actor, mine.odsCode, theirToken.id), isCode('NOT_FOUND'));
    assert.ok(await authenticateToken(context, theirToken.token));
  });

  it('bad capabilities and lifetimes are refused', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    await assert.rejects(createToken(context, operator, organisation.odsCode, { name: 'x', capabilities: [] }), isCode('INVALID_INPUT'));
    await assert.rejects(createToken(context, operator, organisation.odsCode, { name: 'x', capabilities: ['admin'] }), isCode('INVALID_INPUT'));
    await assert.rejects(createToken(context, operator, organisation.odsCode, { name: 'x', capabilities: ['ingest'], expiresInDays: 1000 }), isCode('INVALID_INPUT'));
  });
});
