import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intelTestPath, kevFile, epssFile, nvdFiles } from '../services/intel/intel-test-support.js';
import type { IntelStatus } from '../services/intel/intel-status.js';
import type { VulnerabilityReport } from '../services/intel/find-vulnerabilities.js';
import { describeEachEngine } from '../test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';

describeEachEngine('ward intel and ward vulns', ({ url, database, it }) => {
  it('intel load reports each file, skips a repeat, refuses a broken file by name and exits 7', async () => {
    const files = [...nvdFiles, kevFile, epssFile].map(intelTestPath);
    const first = await runCli(['--db', url(), '--json', 'intel', 'load', ...files]);
    assert.equal(first.code, 0, first.stderr);
    const loaded = JSON.parse(first.stdout) as { files: { status: string; kind: string; records: number }[] };
    assert.deepEqual(loaded.files.map((f) => [f.status, f.kind, f.records]), [...nvdFiles.map(() => ['loaded', 'nvd', 1]), ['loaded', 'kev', 1674], ['loaded', 'epss', 1556]]);

    const broken = join(mkdtempSync(join(tmpdir(), 'ward-intel-')), 'kev-broken.json');
    writeFileSync(broken, JSON.stringify({ catalogVersion: '1', dateReleased: '2026-01-01', count: 1, vulnerabilities: [{ cveID: 'CVE-2099-0001', dateAdded: 'yesterday' }] }));
    const again = await runCli(['--db', url(), 'intel', 'load', files[0] ?? '', broken]);
    assert.equal(again.code, 7, again.stderr);
    assert.match(again.stdout, /^skipped .*CVE-2014-0160\.json: already loaded on /m);
    assert.match(again.stdout, /^REFUSED .*kev-broken\.json: .*vulnerabilities\[0\] \(CVE-2099-0001\)/m);
    const kev = await database().db.selectFrom('kev_entries').select('cve_id').where('cve_id', '=', 'CVE-2099-0001').execute();
    assert.deepEqual(kev, []);
  });

  it('vulns --product and --cpe --json list the applicable CVEs with KEV, EPSS and the reason', async () => {
    const log4j = await runCli(['--db', url(), 'vulns', '--product', 'apache:log4j:2.14.1', '--json']);
    assert.equal(log4j.code, 0, log4j.stderr);
    const report = JSON.parse(log4j.stdout) as VulnerabilityReport;
    assert.deepEqual(report.vulnerabilities.map((v) => [v.cve, v.kev?.dateAdded, v.kev?.ransomware, v.epss?.score, v.reason]), [
      ['CVE-2021-44228', '2021-12-10', 'Known', 0.99999, 'CVE-2021-44228 applies (configuration 6): log4j 2.14.1 in [2.13.0, 2.15.0)'],
    ]);
    const fixed = JSON.parse((await runCli(['--db', url(), '--json', 'vulns', '--product', 'apache:log4j:2.17.1'])).stdout) as VulnerabilityReport;
    assert.deepEqual(fixed.vulnerabilities, []);

    const heartbleed = JSON.parse((await runCli(['--db', url(), '--json', 'vulns', '--cpe', 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*'])).stdout) as VulnerabilityReport;
    assert.deepEqual(heartbleed.vulnerabilities.map((v) => [v.cve, v.kev?.dateAdded, v.cvss.v3?.score]), [['CVE-2014-0160', '2022-05-04', 7.5]]);
    const patched = JSON.parse((await runCli(['--db', url(), '--json', 'vulns', '--cpe', 'cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*'])).stdout) as VulnerabilityReport;
    assert.deepEqual(patched.vulnerabilities, []);

    const human = await runCli(['--db', url(), 'vulns', '--product', 'apache:log4j:2.14.1']);
    assert.match(human.stdout, /CVE-2021-44228 +10\.0 +added 2021-12-10, due 2021-12-24, ransomware/);
    const bad = await runCli(['--db', url(), '--json', 'vulns', '--product', 'log4j']);
    assert.equal(bad.code, 2);
    assert.equal((JSON.parse(bad.stderr) as { error: { code: string } }).error.code, 'INVALID_INPUT');
  });

  it('intel status --json shows each feed with its counts', async () => {
    const status = await runCli(['--db', url(), '--json', 'intel', 'status']);
    assert.equal(status.code, 0, status.stderr);
    const document = JSON.parse(status.stdout) as IntelStatus;
    assert.deepEqual(document.feeds.map((f) => [f.kind, f.records, f.files]), [['nvd', 8, 8], ['kev', 1674, 1], ['epss', 1556, 1], ['endoflife', 0, 0], ['msrc', 0, 0], ['cve5', 0, 0], ['osv', 0, 0]]);
    assert.equal(document.feeds[1]?.feedVersion, '2026.08.21');
  });
});
