import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isWardError } from '../../core/errors.js';
import type { WardServer } from '../../http/build-server.js';
import { migrateToLatest } from '../../storage/migrate.js';
import { openDatabase, type WardDatabase } from '../../storage/open-database.js';
import { evidenceRowCounts, noEvidence } from '../../test-support/evidence-rows.js';
import { makeOrganisation, operator, serviceContext } from '../../test-support/factories.js';
import { writeInventoryCsv } from '../../test-support/generate-evidence.js';
import { buildTestServer, call } from '../../test-support/http.js';
import { findPostgresBinaries, startPostgresCluster, type PostgresCluster } from '../../test-support/postgres-cluster.js';
import { verifyAudit } from '../audit/verify-audit.js';
import { importEvidence, readAheadLimits } from './import-evidence.js';

const testdata = fileURLToPath(new URL('../../ingest/formats/testdata/', import.meta.url));
const bindir = findPostgresBinaries();

// A private cluster: stopping the shared one would break every other suite running beside this one.
describe('PostgreSQL stopped in the middle of an import [postgres]', { skip: bindir === null && process.env.CI !== 'true' ? 'no PostgreSQL binaries' : false }, () => {
  let cluster: PostgresCluster;
  let database: WardDatabase;
  let server: WardServer;
  before(async () => {
    if (!bindir) throw new Error('no PostgreSQL binaries and CI=true');
    cluster = await startPostgresCluster(bindir);
    database = await openDatabase({ engine: 'postgres', url: cluster.url, display: cluster.url });
    await migrateToLatest(database);
    server = await buildTestServer(serviceContext(database));
  });
  after(async () => {
    await server?.app.close();
    await database?.close();
    cluster?.stop();
  });

  test('the import fails with DB_UNREACHABLE and leaves nothing; Ward answers again once PostgreSQL is back, without a restart [postgres]', async () => {
    const context = serviceContext(database);
    const organisation = await makeOrganisation(context);
    const big = join(mkdtempSync(join(tmpdir(), 'ward-pg-outage-')), 'inventory.csv');
    await writeInventoryCsv(big, 60_000, { prefix: 'OUTAGE' });

    let haltedAt = 0;
    const failed = await importEvidence(context, operator, {
      odsCode: organisation.odsCode,
      filePath: big,
      fileName: 'inventory.csv',
      onProgress: ({ records }) => {
        // Past the records read before the transaction opens: PostgreSQL stops while the import's
        // transaction is open and writing.
        if (records >= readAheadLimits.records + 5000 && haltedAt === 0) {
          haltedAt = records;
          cluster.halt();
        }
      },
    }).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(haltedAt >= readAheadLimits.records + 5000, 'PostgreSQL was stopped during the import');
    assert.ok(isWardError(failed) && failed.code === 'DB_UNREACHABLE', `a stable code, not ${String(failed)}`);
    assert.match(failed.message, /database stopped answering/);

    // While it is down the API says so: 503 with the same code, not 500.
    const down = await call(server.app, { method: 'GET', url: '/healthz' });
    assert.equal(down.status, 503, JSON.stringify(down.body));
    const refused = await call(server.app, { method: 'GET', url: `/api/v1/orgs/${organisation.odsCode}/imports`, headers: { authorization: 'Bearer ward_x.y' } });
    assert.deepEqual([refused.status, (refused.body as { error: { code: string } }).error.code], [503, 'DB_UNREACHABLE']);

    cluster.resume();
    // The same process and pool: new connections replace the dead ones.
    const up = await call(server.app, { method: 'GET', url: '/healthz' });
    assert.equal(up.status, 200);
    assert.deepEqual(await evidenceRowCounts(database, organisation.id), noEvidence, 'nothing of the import is left');
    const next = await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: join(testdata, 'lynis', 'lynis_no_vuln.dat'), fileName: 'lynis_no_vuln.dat' });
    assert.equal(next.duplicate, false);
    assert.equal((await verifyAudit(context, operator)).ok, true);
  });
});
