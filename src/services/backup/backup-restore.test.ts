import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { systemClock } from '../../core/clock.js';
import { isWardError } from '../../core/errors.js';
import { loadDemo } from '../../demo/load-demo.js';
import { openDatabase } from '../../storage/open-database.js';
import type { DatabaseTarget } from '../../storage/database-url.js';
import { createEmptyDatabase, describeEachEngine } from '../../test-support/engines.js';
import { makeUser, operator, serviceContext } from '../../test-support/factories.js';
import { runCli } from '../../test-support/run-cli.js';
import { nationalSummary, type NationalSummary } from '../assessment/national-summary.js';
import { verifyAudit } from '../audit/verify-audit.js';
import { backupDatabase } from './backup-database.js';
import { restoreDatabase, type RestoreResult } from './restore-database.js';

const scratch = mkdtempSync(join(tmpdir(), 'ward-backup-'));

async function summaryOf(target: DatabaseTarget): Promise<NationalSummary> {
  const database = await openDatabase(target);
  try {
    return await nationalSummary(serviceContext(database), operator);
  } finally {
    await database.close();
  }
}

const rejectsWith = (code: string, pattern: RegExp) => (error: unknown) => isWardError(error) && error.code === code && pattern.test(error.message);

describeEachEngine('backup and restore', ({ engine, database, url, it }) => {
  let original: NationalSummary;
  let backupFile: string;
  const cleanups: (() => Promise<void>)[] = [];
  async function emptyTarget() {
    const created = await createEmptyDatabase(engine);
    cleanups.push(created.cleanup);
    return created;
  }
  before(async () => {
    const context = serviceContext(database());
    await loadDemo(context, { organisations: 2, devicesPerOrg: 3, seed: 'backup-test' });
    original = await nationalSummary(context, operator);
  });
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('backs up while the database is in use, and the restore passes audit verify and gives the same national summary', async () => {
    const context = serviceContext(database());
    backupFile = join(scratch, `${engine}.backup`);
    // Writes carry on during the backup (users do not change the national summary; they audit).
    const [backup] = await Promise.all([backupDatabase(context, operator, { file: backupFile }), makeUser(context, 'national-analyst'), makeUser(context, 'national-analyst')]);
    assert.equal(backup.engine, engine);
    assert.ok(backup.bytes > 100_000, `backup of ${backup.bytes} bytes`);
    assert.match(backup.sha256, /^[0-9a-f]{64}$/);
    assert.equal(readFileSync(backupFile).subarray(0, 5).toString('latin1'), engine === 'sqlite' ? 'SQLit' : 'PGDMP');

    const fresh = await emptyTarget();
    const restored = await restoreDatabase(fresh.target, systemClock, operator, { file: backupFile });
    assert.equal(restored.audit.ok, true, JSON.stringify(restored.audit.problems));
    assert.equal(restored.replaced, false);
    assert.ok(restored.audit.rows > 10);
    assert.deepEqual(await summaryOf(fresh.target), original);
    assert.ok(original.assessed >= 2, 'the demo estate was assessed');

    // The restored database holds data now: a second restore is refused without --force, allowed with it.
    await assert.rejects(restoreDatabase(fresh.target, systemClock, operator, { file: backupFile }), rejectsWith('CONFLICT', /already holds data .*--force/));
    const forced = await restoreDatabase(fresh.target, systemClock, operator, { file: backupFile, force: true });
    assert.equal(forced.replaced, true);
    assert.equal(forced.audit.ok, true);
    // The replaced data is gone, not merged: the chain is the backup's plus this restore's entry.
    assert.equal(forced.audit.rows, restored.audit.rows);
    assert.deepEqual(await summaryOf(fresh.target), original);
  });

  it('refuses files that are not a Ward backup of this engine, and leaves the target as it was', async () => {
    const fresh = await emptyTarget();
    const attempt = (file: string) => restoreDatabase(fresh.target, systemClock, operator, { file });
    const text = join(scratch, `${engine}-letter.txt`);
    writeFileSync(text, 'Dear colleague\n');
    await assert.rejects(attempt(text), rejectsWith('INVALID_INPUT', /not a Ward backup/));
    await assert.rejects(attempt(join(scratch, 'missing.backup')), rejectsWith('NOT_FOUND', /missing\.backup/));

    const truncated = join(scratch, `${engine}-truncated.backup`);
    writeFileSync(truncated, readFileSync(backupFile).subarray(0, 8192));
    await assert.rejects(attempt(truncated), rejectsWith('INVALID_INPUT', engine === 'sqlite' ? /integrity check|cannot be read/ : /cannot be read as a pg_dump archive/));

    const otherSqlite = join(scratch, `${engine}-other.sqlite`);
    const other = new SqliteDatabase(otherSqlite);
    other.exec('create table notes (body text)');
    other.close();
    await assert.rejects(attempt(otherSqlite), rejectsWith('INVALID_INPUT', engine === 'sqlite' ? /not a Ward backup: no audit_log, kysely_migration, organisations/ : /SQLite backup: restore it into a sqlite: database/));

    if (engine === 'sqlite') {
      // A backup of the other engine names the way out.
      const pgLike = join(scratch, 'pg-like.backup');
      writeFileSync(pgLike, Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(100)]));
      await assert.rejects(attempt(pgLike), rejectsWith('INVALID_INPUT', /PostgreSQL backup: restore it into a postgres:\/\/ database/));
    }
    const untouched = await openDatabase(fresh.target);
    try {
      assert.deepEqual(await untouched.db.introspection.getTables(), [], 'nothing was written');
    } finally {
      await untouched.close();
    }
  });

  it('ward backup and ward restore from the command line', async () => {
    const file = join(scratch, `${engine}-cli.backup`);
    const backup = await runCli(['--db', url(), '--json', 'backup', file]);
    assert.equal(backup.code, 0, backup.stderr);
    assert.equal((JSON.parse(backup.stdout) as { engine: string }).engine, engine);
    const fresh = await emptyTarget();
    const restore = await runCli(['--db', fresh.url, '--json', 'restore', file]);
    assert.equal(restore.code, 0, restore.stderr);
    const result = JSON.parse(restore.stdout) as RestoreResult;
    assert.equal(result.audit.ok, true);
    const verified = await openDatabase(fresh.target);
    try {
      assert.equal((await verifyAudit(serviceContext(verified), operator)).ok, true);
    } finally {
      await verified.close();
    }
    assert.deepEqual(await summaryOf(fresh.target), original);
  });
});
