import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before } from 'node:test';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, serviceContext } from '../test-support/factories.js';
import { runCli } from '../test-support/run-cli.js';

describeEachEngine('ward report national', ({ url, database, it }) => {
  before(async () => {
    await makeOrganisation(serviceContext(database()), { region: 'London' });
  });

  it('writes the national report as a PDF whose text has the headings', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ward-report-')), 'national.pdf');
    const result = await runCli(['--db', url(), '--json', 'report', 'national', '--out', out, '--region', 'London']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { out: string }).out, out);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    assert.match(text, /National cyber security report/);
    assert.match(text, /Region: London/);
    assert.match(text, /Organisations\s+1\b/);
    assert.match(text, /No alert issued yet/);
    const bad = await runCli(['--db', url(), 'report', 'national', '--out', out, '--kind', 'castle']);
    assert.equal(bad.code, 2);
  });
});
