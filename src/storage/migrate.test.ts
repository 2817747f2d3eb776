import assert from 'node:assert/strict';
import { describeEachEngine } from '../test-support/engines.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';
import { openDatabase } from './open-database.js';
import { parseDatabaseUrl } from './database-url.js';
import { WardError } from '../core/errors.js';
import { test } from 'node:test';

describeEachEngine(
  'migrations',
  ({ database, url, it }) => {
    it('several processes migrating at once apply each migration exactly once', async () => {
      const others = await Promise.all([1, 2, 3].map(() => openDatabase(parseDatabaseUrl(url()))));
      try {
        const outcomes = await Promise.all([database(), ...others].map((db) => migrateToLatest(db)));
        const applied = outcomes.flatMap((outcome) => outcome.applied).sort();
        assert.deepEqual(applied, ['0001-foundation', '0002-audit-append-only', '0003-evidence']);
        assert.deepEqual(await pendingMigrations(database()), []);
        assert.ok(outcomes.every((outcome) => outcome.current === '0003-evidence'));
      } finally {
        await Promise.all(others.map((db) => db.close()));
      }
    });

    it('running them again changes nothing', async () => {
      assert.deepEqual((await migrateToLatest(database())).applied, []);
    });
  },
  { migrate: false },
);

test('an unreachable PostgreSQL is DB_UNREACHABLE naming the server, without its password', async () => {
  await assert.rejects(openDatabase(parseDatabaseUrl('postgres://ward:s3cret@127.0.0.1:1/ward')), (error: unknown) => {
    assert.ok(error instanceof WardError);
    assert.equal(error.code, 'DB_UNREACHABLE');
    assert.match(error.message, /127\.0\.0\.1:1/);
    assert.ok(!error.message.includes('s3cret'));
    return true;
  });
});
