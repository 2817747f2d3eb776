import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { WardError } from '../../core/errors.js';
import { describeEachEngine, type EngineName } from '../../test-support/engines.js';
import { makeOrganisation, makeUser, operator, serviceContext } from '../../test-support/factories.js';
import type { WardDatabase } from '../../storage/open-database.js';
import { verifyAudit } from './verify-audit.js';

/** What a database superuser could do: switch the append-only triggers off for one statement. */
async function asSuperuser(database: WardDatabase, engine: EngineName, statement: ReturnType<typeof sql>): Promise<void> {
  const { db } = database;
  if (engine === 'postgres') {
    await db.connection().execute(async (connection) => {
      await sql`set session_replication_role = replica`.execute(connection);
      await statement.execute(connection);
      await sql`set session_replication_role = default`.execute(connection);
    });
  } else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`drop trigger audit_log_no_delete`.execute(db);
    await statement.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

describeEachEngine('audit chain', ({ database, engine, it }) => {
  it('an untouched chain verifies, with one entry per change', async () => {
    const context = serviceContext(database());
    const before = await verifyAudit(context, operator);
    await makeOrganisation(context);
    await makeUser(context, 'national-analyst');
    const after = await verifyAudit(context, operator);
    assert.equal(after.ok, true);
    assert.equal(after.rows, before.rows + 2);
    assert.deepEqual(after.problems, []);
  });

  it('the application cannot update or delete audit rows', async () => {
    const { db } = database();
    await makeOrganisation(serviceContext(database()));
    await assert.rejects(db.updateTable('audit_log').set({ action: 'forged' }).where('seq', '=', 1).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('audit_log').where('seq', '=', 1).execute(), /append-only/);
  });

  it('an edited row is reported as edited, at its sequence number', async () => {
    const context = serviceContext(database());
    for (let i = 0; i < 3; i += 1) await makeOrganisation(context);
    const { rows } = await verifyAudit(context, operator);
    const target = rows - 1;
    await asSuperuser(database(), engine, sql`update audit_log set details = '{"odsCode":"FORGED"}' where seq = ${target}`);
    const result = await verifyAudit(context, operator);
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems, [{ seq: target, problem: 'edited' }]);
  });

  it('a deleted row is reported at the row after the gap', async () => {
    const context = serviceContext(database());
    for (let i = 0; i < 3; i += 1) await makeOrganisation(context);
    const initial = await verifyAudit(context, operator);
    const target = initial.rows - 1;
    await asSuperuser(database(), engine, sql`delete from audit_log where seq = ${target}`);
    const result = await verifyAudit(context, operator);
    assert.equal(result.ok, false);
    const atGap = result.problems.filter((p) => p.seq === target + 1).map((p) => p.problem).sort();
    assert.deepEqual(atGap, ['broken-link', 'missing-before']);
  });

  it('only national admins (and the operator) may verify', async () => {
    const context = serviceContext(database());
    const analyst = await makeUser(context, 'national-analyst');
    await assert.rejects(verifyAudit(context, { principal: analyst.principal }), (e: unknown) => e instanceof WardError && e.code === 'FORBIDDEN');
  });
});
