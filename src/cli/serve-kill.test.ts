import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { verifyAudit } from '../services/audit/verify-audit.js';
import { importEvidence } from '../services/imports/import-evidence.js';
import { createToken } from '../services/tokens/create-token.js';
import { describeEachEngine } from '../test-support/engines.js';
import { evidenceRowCounts, noEvidence } from '../test-support/evidence-rows.js';
import { makeOrganisation, operator, serviceContext } from '../test-support/factories.js';
import { writeInventoryCsv } from '../test-support/generate-evidence.js';
import { startCli } from '../test-support/run-cli.js';

const testdata = fileURLToPath(new URL('../ingest/formats/testdata/', import.meta.url));

describeEachEngine('kill -9 of ward serve during an upload', ({ url, database, it }) => {
  it('leaves nothing of the import; the audit log verifies and the next import goes through', async () => {
    const context = serviceContext(database());
    const organisation = await makeOrganisation(context);
    const { token } = await createToken(context, operator, organisation.odsCode, { name: 'kill test', capabilities: ['ingest'] });
    const big = join(mkdtempSync(join(tmpdir(), 'ward-serve-kill-')), 'inventory.csv');
    await writeInventoryCsv(big, 100_000, { prefix: 'SKILL' });

    const server = startCli(['--db', url(), 'serve', '--port', '0', '--reassess-every', '0']);
    const base = new URL(await server.url);
    let answered = false;
    const sent = new Promise<void>((resolve, reject) => {
      const upload = request({ host: '127.0.0.1', port: base.port, method: 'POST', path: `/api/v1/orgs/${organisation.odsCode}/imports?fileName=inventory.csv`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } }, (response) => {
        answered = true;
        response.resume();
      });
      upload.on('error', () => undefined); // the connection dies with the server
      upload.on('finish', resolve);
      createReadStream(big).on('error', reject).pipe(upload);
    });
    await sent;
    // The whole file is with the server, which now parses and stores it for several seconds.
    await delay(1000);
    const signal = await server.kill('SIGKILL');
    assert.equal(signal, 'SIGKILL');
    assert.equal(answered, false, 'the import finished before the server was killed: make the file bigger');

    assert.deepEqual(await evidenceRowCounts(database(), organisation.id), noEvidence);
    assert.equal((await verifyAudit(context, operator)).ok, true);
    const next = await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: join(testdata, 'lynis', 'lynis_no_vuln.dat'), fileName: 'lynis_no_vuln.dat' });
    assert.equal(next.duplicate, false);
    assert.equal((await evidenceRowCounts(database(), organisation.id)).imports, 1);
  });
});
