import assert from 'node:assert/strict';
import { before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import { inventoryCsv, writeTemp } from '../services/assessment/evidence-files.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, makeUser, serviceContext } from '../test-support/factories.js';
import { runCli } from '../test-support/run-cli.js';

describeEachEngine('ward assess, sample, manual-result, national', ({ url, database, it }) => {
  let organisation: Organisation;
  let assessorEmail = '';
  before(async () => {
    const context = serviceContext(database());
    organisation = await makeOrganisation(context);
    assessorEmail = (await makeUser(context, 'assessor', { assigned: [organisation] })).email;
  });

  it('an import re-assesses the organisation; sample, manual result and assess explain the result', async () => {
    const rows = ['PC-1', 'PC-2', 'PC-3'].map((hostname) => ({ hostname, os: 'Microsoft Windows 11 Enterprise', osVersion: '24H2', osBuild: '10.0.26100.7171', lastSeen: '2026-11-27', avProduct: 'Defender', avSignatureDate: '2026-11-26' }));
    const imported = await runCli(['--db', url(), 'import', writeTemp('inventory.csv', inventoryCsv(rows)), '--org', organisation.odsCode]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /re-assessed 1 organisation/);
    const history = await runCli(['--db', url(), '--json', 'assess', '--org', organisation.odsCode, '--history']);
    assert.deepEqual((JSON.parse(history.stdout) as { assessments: { trigger: string }[] }).assessments.map((a) => a.trigger), ['import']);

    const sample = await runCli(['--db', url(), '--json', 'sample', '--org', organisation.odsCode, '--seed', 'fixed-seed']);
    assert.equal(sample.code, 0, sample.stderr);
    const drawn = JSON.parse(sample.stdout) as { round: number; deviceIds: string[]; calculation: { builds: { population: number; sampleSize: number }[] } };
    assert.equal(drawn.round, 1);
    assert.deepEqual(drawn.calculation.builds.map((b) => [b.population, b.sampleSize]), [[3, 2]]);
    const device = drawn.deviceIds[0] ?? '';
    const attachment = writeTemp('email-test.txt', 'EICAR attachment quarantined');
    const recorded = await runCli(['--db', url(), '--json', 'manual-result', '--org', organisation.odsCode, '--assessor', assessorEmail, '--test', 'tc3-email', '--result', 'fail', '--device', device, '--notes', 'test file delivered to inbox', '--attach', attachment]);
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.equal((JSON.parse(recorded.stdout) as { attachments: unknown[] }).attachments.length, 1);

    const assessed = await runCli(['--db', url(), 'assess', '--org', organisation.odsCode, '--as-of', '2026-11-28']);
    assert.equal(assessed.code, 0, assessed.stderr);
    assert.match(assessed.stdout, /FAIL/);
    assert.match(assessed.stdout, /CE-TC3-SUBTESTS \(1\)\n\s+- .*TC3 e-mail test files failed \(2026-.*Notes: test file delivered to inbox/);
    assert.match(assessed.stdout, /Remediation plan/);

    const national = await runCli(['--db', url(), '--json', 'national']);
    assert.equal(national.code, 0, national.stderr);
    assert.ok((JSON.parse(national.stdout) as { assessed: number }).assessed >= 1);
    const badDate = await runCli(['--db', url(), 'assess', '--org', organisation.odsCode, '--as-of', 'yesterday']);
    assert.equal(badDate.code, 2);
  });
});
