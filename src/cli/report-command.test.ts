import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Organisation } from '../core/organisation.js';
import { inventoryCsv, writeTemp } from '../services/assessment/evidence-files.js';
import { importEvidence } from '../services/imports/import-evidence.js';
import { runAssessment } from '../services/assessment/run-assessment.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, operator, serviceContext } from '../test-support/factories.js';
import { runCli } from '../test-support/run-cli.js';

describeEachEngine('ward report organisation', ({ url, database, it }) => {
  let organisation: Organisation;
  const folder = mkdtempSync(join(tmpdir(), 'ward-report-'));
  before(async () => {
    const context = serviceContext(database());
    organisation = await makeOrganisation(context, { name: 'Gamma Mental Health Trust' });
    const rows = ['PC-1', 'PC-2'].map((hostname) => ({ hostname, os: 'Microsoft Windows 11 Enterprise', osVersion: '24H2', osBuild: '10.0.26100.7171', lastSeen: '2026-11-27', avProduct: 'Defender', avSignatureDate: '2026-11-26' }));
    await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: writeTemp('inventory.csv', inventoryCsv(rows)), fileName: 'inventory.csv' });
    await runAssessment(context, operator, { odsCode: organisation.odsCode });
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('writes the board report PDF with its headings and the score', async () => {
    const out = join(folder, `${organisation.odsCode}.pdf`);
    const result = await runCli(['--db', url(), '--json', 'report', 'organisation', organisation.odsCode.toLowerCase(), '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const written = JSON.parse(result.stdout) as { odsCode: string; bytes: number };
    assert.equal(written.odsCode, organisation.odsCode);
    assert.equal(readFileSync(out).length, written.bytes);
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    assert.match(text, /Board report: Gamma Mental Health Trust/);
    assert.match(text, /Score: \d+\.\d% – (PASS|FAIL)/);
    assert.match(text, /Failures explained/);
    const missing = await runCli(['--db', url(), 'report', 'organisation', 'ZZZ99', '--out', join(folder, 'none.pdf')]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /not found/i);
  });
});
