import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Organisation } from '../core/organisation.js';
import { evidenceFormats } from '../ingest/formats/index.js';
import { describeEachEngine } from '../test-support/engines.js';
import { evidenceRowCounts, noEvidence } from '../test-support/evidence-rows.js';
import { makeOrganisation, serviceContext } from '../test-support/factories.js';
import { writeInventoryCsv } from '../test-support/generate-evidence.js';
import { runCli, wardNodeArguments } from '../test-support/run-cli.js';

const testdata = fileURLToPath(new URL('../ingest/formats/testdata/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ward-cli-import-'));

type Summary = { importId: string; format: string; assets: number; software: number; findings: number; observations: number; warnings: number; duplicate: boolean };

describeEachEngine('ward import', ({ url, database, it }) => {
  let organisation: Organisation;
  before(async () => {
    organisation = await makeOrganisation(serviceContext(database()));
  });

  const rowsOf = (organisationId: string) => evidenceRowCounts(database(), organisationId);

  it('imports a file with --json, then reports the same file as a duplicate', async () => {
    const file = join(testdata, 'osquery', 'windows-results.log');
    const first = await runCli(['--db', url(), '--json', 'import', file, '--org', organisation.odsCode]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, '', 'no progress output without a terminal');
    const summary = JSON.parse(first.stdout) as Summary;
    assert.deepEqual([summary.format, summary.assets, summary.software, summary.observations, summary.duplicate], ['osquery', 1, 8, 21, false]);
    const again = await runCli(['--db', url(), 'import', file, '--org', organisation.odsCode]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Duplicate: windows-results\.log .* nothing changed\./);
  });

  it('a malformed file exits 7 naming the file and the line; an unknown format lists the known ones', async () => {
    const broken = join(testdata, 'device-inventory-csv', 'broken-no-hostname-column.csv');
    const result = await runCli(['--db', url(), 'import', broken, '--org', organisation.odsCode, '--format', 'device-inventory-csv']);
    assert.equal(result.code, 7);
    assert.match(result.stderr, /broken-no-hostname-column\.csv:1: no hostname column/);
    const text = join(scratch, 'letter.txt');
    writeFileSync(text, 'Dear colleague\n');
    const unknown = await runCli(['--db', url(), 'import', text, '--org', organisation.odsCode]);
    assert.equal(unknown.code, 7);
    for (const format of evidenceFormats) assert.ok(unknown.stderr.includes(format.id), unknown.stderr);
  });

  it('SIGKILL in the middle of a large import leaves nothing of it, and the database stays consistent', async () => {
    const org = await makeOrganisation(serviceContext(database()));
    const big = join(scratch, 'big-inventory.csv');
    await writeInventoryCsv(big, 150_000, { prefix: 'KILL' });
    const child = spawn(process.execPath, [...wardNodeArguments(), '--db', url(), 'import', big, '--org', org.odsCode, '--progress-lines'], { env: { ...process.env, WARD_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killedAtRecords = 0;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of stderr.split('\n')) {
        const records = /"records":(\d+)/.exec(line)?.[1];
        if (records !== undefined && Number(records) >= 20_000 && killedAtRecords === 0) {
          killedAtRecords = Number(records);
          child.kill('SIGKILL');
        }
      }
    });
    const { signal } = await exited;
    assert.equal(signal, 'SIGKILL', `the import finished before it could be killed: ${stderr.slice(-400)}`);
    assert.ok(killedAtRecords >= 20_000);

    assert.deepEqual(await rowsOf(org.id), noEvidence);
    const verify = await runCli(['--db', url(), '--json', 'audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
    assert.equal((JSON.parse(verify.stdout) as { ok: boolean }).ok, true);
    // Nothing is left locked: the next import goes through.
    const next = await runCli(['--db', url(), '--json', 'import', join(testdata, 'lynis', 'lynis_no_vuln.dat'), '--org', org.odsCode]);
    assert.equal(next.code, 0, next.stderr);
    assert.equal((await rowsOf(org.id)).imports, 1);
  });
});
