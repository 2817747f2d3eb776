import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Organisation } from '../core/organisation.js';
import { fakeClientId, fakeSecret, fakeTenant, startFakeDefender, type FakeDefender } from '../test-support/defender-server.js';
import { describeEachEngine } from '../test-support/engines.js';
import { makeOrganisation, serviceContext } from '../test-support/factories.js';
import { runCli, startCli } from '../test-support/run-cli.js';

const testdata = fileURLToPath(new URL('../ingest/formats/testdata/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ward-cli-connect-'));
const secretKey = Buffer.alloc(32, 9).toString('base64');

type Summary = { format: string; assets: number; software: number; findings: number; observations: number; warnings: number; duplicate: boolean };

describeEachEngine('ward import and ward connect with Defender data', ({ url, database, it }) => {
  let fake: FakeDefender;
  let organisation: Organisation;
  before(async () => {
    fake = await startFakeDefender();
    organisation = await makeOrganisation(serviceContext(database()));
  });
  after(async () => {
    await fake.close();
  });

  it('imports each Defender export with --format, and the gzipped via-files export by detection', async () => {
    const cases: [string, string, Partial<Summary>][] = [
      ['defender-machines', 'machines-portal.csv', { assets: 3, observations: 18 }],
      ['defender-software', 'software-advanced-hunting.csv', { assets: 1, software: 2 }],
      ['defender-vulnerabilities', 'vulnerabilities.json', { assets: 2, findings: 4 }],
      ['defender-secure-config', 'secure-config.json', { assets: 2, observations: 7 }],
      ['defender-av-health', 'av-health-portal.csv', { assets: 2, observations: 18 }],
    ];
    for (const [format, file, expected] of cases) {
      const result = await runCli(['--db', url(), '--json', 'import', join(testdata, format, file), '--org', organisation.odsCode, '--format', format]);
      assert.equal(result.code, 0, result.stderr);
      const summary = JSON.parse(result.stdout) as Summary;
      assert.equal(summary.format, format);
      for (const [key, value] of Object.entries(expected)) assert.equal(summary[key as keyof Summary], value, `${file} ${key}`);
    }
    const gz = join(scratch, 'part-00001.c000.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(testdata, 'defender-software', 'software-inventory-files.jsonl'))));
    const result = await runCli(['--db', url(), '--json', 'import', gz, '--org', organisation.odsCode]);
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as Summary;
    assert.deepEqual([summary.format, summary.assets, summary.software], ['defender-software', 1, 3]);
  });

  it('a truncated export exits 7 naming the file, line and path', async () => {
    const broken = join(testdata, 'defender-vulnerabilities', 'broken-truncated-vulnerabilities.json');
    const result = await runCli(['--db', url(), 'import', broken, '--org', organisation.odsCode]);
    assert.equal(result.code, 7);
    assert.match(result.stderr, /broken-truncated-vulnerabilities\.json:1:1 \(\/0\): the JSON ends too early/);
  });

  it('connect defender --once pulls through the API and never prints the secret', async () => {
    const secretFile = join(scratch, 'defender-secret');
    writeFileSync(secretFile, `${fakeSecret}\n`, { mode: 0o600 });
    const env = { WARD_SECRET_KEY: secretKey, WARD_DEFENDER_TOKEN_URL: fake.tokenUrl, WARD_DEFENDER_API_URL: fake.baseUrl };
    const result = await runCli(['--db', url(), '--json', 'connect', 'defender', '--org', organisation.odsCode, '--tenant', fakeTenant, '--client-id', fakeClientId, '--secret-file', secretFile, '--interval-minutes', '60', '--once'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes(fakeSecret) && !result.stderr.includes(fakeSecret));
    const output = JSON.parse(result.stdout) as { connector: { secretSet: boolean; intervalMinutes: number }; pull: { import: Summary } };
    assert.equal(output.connector.secretSet, true);
    assert.equal(output.connector.intervalMinutes, 60);
    assert.deepEqual([output.pull.import.format, output.pull.import.assets, output.pull.import.findings], ['defender-api', 3, 4]);
    const listed = await runCli(['--db', url(), 'connect', 'list', '--org', organisation.odsCode], { env });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^defender\ttenant 3f1c9a52.*last completed/);
    assert.ok(!listed.stdout.includes(fakeSecret));
  });

  it('ward serve pulls a connector that is due on its own, once, and logs it', async () => {
    const due = await makeOrganisation(serviceContext(database()), { name: 'Pulled On Schedule Trust' });
    const secretFile = join(scratch, 'scheduled-secret');
    writeFileSync(secretFile, `${fakeSecret}\n`, { mode: 0o600 });
    const env = { WARD_SECRET_KEY: secretKey, WARD_DEFENDER_TOKEN_URL: fake.tokenUrl, WARD_DEFENDER_API_URL: fake.baseUrl, WARD_LOG_LEVEL: 'info' };
    // Registered without --once: nobody pulls it but the server.
    const registered = await runCli(['--db', url(), 'connect', 'defender', '--org', due.odsCode, '--tenant', fakeTenant, '--client-id', fakeClientId, '--secret-file', secretFile, '--interval-minutes', '60'], { env });
    assert.equal(registered.code, 0, registered.stderr);
    const importsOf = () => database().db.selectFrom('imports').select(['format', 'status']).where('organisation_id', '=', due.id).execute();
    assert.deepEqual(await importsOf(), []);

    const server = startCli(['--db', url(), 'serve', '--port', '0', '--reassess-every', '0', '--pull-every', '1'], { env });
    try {
      await server.url;
      const deadline = Date.now() + 30_000;
      while ((await importsOf()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      // Three more rounds: the connector is not due again within its hour.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.deepEqual(await importsOf(), [{ format: 'defender-api', status: 'completed' }]);
      assert.match(server.output(), /connector pulled/);
      assert.ok(!server.output().includes(fakeSecret));
    } finally {
      await server.stop();
    }
  });

  it('refuses to store a secret without WARD_SECRET_KEY, and a malformed key at start', async () => {
    const secretFile = join(scratch, 'secret-2');
    writeFileSync(secretFile, 'another-secret');
    const other = await makeOrganisation(serviceContext(database()));
    const args = ['--db', url(), 'connect', 'defender', '--org', other.odsCode, '--tenant', fakeTenant, '--client-id', fakeClientId, '--secret-file', secretFile];
    const missing = await runCli(args, { env: { WARD_SECRET_KEY: '' } });
    assert.equal(missing.code, 6);
    assert.match(missing.stderr, /WARD_SECRET_KEY/);
    const bad = await runCli(args, { env: { WARD_SECRET_KEY: 'short' } });
    assert.equal(bad.code, 6);
    assert.match(bad.stderr, /WARD_SECRET_KEY: must be 32 bytes/);
    assert.ok(!bad.stderr.includes('short'));
  });
});
