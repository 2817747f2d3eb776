import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachEngine } from '../test-support/engines.js';
import { startCli } from '../test-support/run-cli.js';
import { pendingMigrations } from '../storage/migrate.js';
import { migrationProvider } from '../storage/migrations/index.js';

describeEachEngine(
  'ward serve',
  ({ url, database, it }) => {
    it('two servers starting at once on an empty database both migrate it safely and serve', async () => {
      const servers = [startCli(['--db', url(), 'serve', '--port', '0']), startCli(['--db', url(), 'serve', '--port', '0'])];
      try {
        const addresses = await Promise.all(servers.map((server) => server.url));
        for (const address of addresses) {
          const response = await fetch(`${address}/healthz`);
          assert.equal(response.status, 200);
          assert.equal(((await response.json()) as { status: string }).status, 'ok');
          const unauthenticated = await fetch(`${address}/api/v1/orgs`);
          assert.equal(unauthenticated.status, 401);
        }
        assert.deepEqual(await pendingMigrations(database()), []);
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database().db);
        const known = Object.keys(await migrationProvider(database().capabilities).getMigrations()).sort();
        assert.deepEqual(applied.rows.map((row) => row.name), known, 'each migration recorded exactly once');
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
    });
  },
  { migrate: false },
);
