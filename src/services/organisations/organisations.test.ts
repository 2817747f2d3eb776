import assert from 'node:assert/strict';
import { WardError } from '../../core/errors.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../../test-support/factories.js';
import { addOrganisation } from './add-organisation.js';
import { getOrganisation } from './get-organisation.js';
import { listOrganisations } from './list-organisations.js';
import { updateOrganisation } from './update-organisation.js';

const isCode = (code: string) => (error: unknown) => error instanceof WardError && error.code === code;

describeEachEngine('organisations', ({ database, it }) => {
  it('adding an organisation stores it with a normalised ODS code and audits it', async () => {
    const context = serviceContext(database());
    const added = await addOrganisation(context, operator, { odsCode: 'rj1', name: " Guy's and St Thomas' NHS Foundation Trust ", region: 'London' });
    assert.equal(added.odsCode, 'RJ1');
    assert.equal(added.name, "Guy's and St Thomas' NHS Foundation Trust");
    assert.equal(added.kind, 'trust');
    const fetched = await getOrganisation(context, operator, 'RJ1');
    assert.deepEqual(fetched, added);
    const audit = await database().db.selectFrom('audit_log').selectAll().where('object_id', '=', added.id).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.action, 'organisation.created');
    assert.equal(audit[0]?.actor_label, 'test');
  });

  it('a duplicate ODS code is a CONFLICT and changes nothing', async () => {
    const context = serviceContext(database());
    const first = await makeOrganisation(context);
    const before = await database().db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(addOrganisation(context, operator, { odsCode: first.odsCode.toLowerCase(), name: 'Other' }), isCode('CONFLICT'));
    const after = await database().db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
    assert.equal((await getOrganisation(context, operator, first.odsCode)).name, first.name);
  });

  it('malformed codes, empty names, unknown kinds and unknown parents are refused', async () => {
    const context = serviceContext(database());
    await assert.rejects(addOrganisation(context, operator, { odsCode: 'R!', name: 'x' }), isCode('INVALID_INPUT'));
    await assert.rejects(addOrganisation(context, operator, { odsCode: 'ZZ9', name: '   ' }), isCode('INVALID_INPUT'));
    await assert.rejects(addOrganisation(context, operator, { odsCode: 'ZZ9', name: 'x', kind: 'hospital' }), isCode('INVALID_INPUT'));
    await assert.rejects(addOrganisation(context, operator, { odsCode: 'ZZ9', name: 'x', parentOdsCode: 'QQQ' }), isCode('NOT_FOUND'));
    await assert.rejects(getOrganisation(context, operator, 'ZZ9'), isCode('NOT_FOUND'));
  });

  it('organisation users list and read only their own organisation', async () => {
    const context = serviceContext(database());
    const mine = await makeOrganisation(context);
    const theirs = await makeOrganisation(context);
    const member = await makeUser(context, 'org-member', { organisation: mine });
    const actor = { principal: member.principal };
    assert.deepEqual((await listOrganisations(context, actor)).map((o) => o.odsCode), [mine.odsCode]);
    assert.equal((await getOrganisation(context, actor, mine.odsCode)).id, mine.id);
    await assert.rejects(getOrganisation(context, actor, theirs.odsCode), isCode('FORBIDDEN'));
    const analyst = await makeUser(context, 'national-analyst');
    const all = (await listOrganisations(context, { principal: analyst.principal })).map((o) => o.odsCode);
    assert.ok(all.includes(mine.odsCode) && all.includes(theirs.odsCode));
  });

  it('updates are national-admin only and audited with before and after', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    const admin = await makeUser(context, 'org-admin', { organisation });
    await assert.rejects(updateOrganisation(context, { principal: admin.principal }, organisation.odsCode, { name: 'Hijacked' }), isCode('FORBIDDEN'));
    const national = await makeUser(context, 'national-admin');
    const updated = await updateOrganisation(context, { principal: national.principal }, organisation.odsCode, { region: 'North West' });
    assert.equal(updated.region, 'North West');
    const row = await database().db.selectFrom('audit_log').selectAll().where('action', '=', 'organisation.updated').where('object_id', '=', organisation.id).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(row.details), { before: { name: organisation.name, kind: 'trust', region: 'London' }, after: { name: organisation.name, kind: 'trust', region: 'North West' } });
  });
});
