import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cyclonedxSbom, osqueryResultsLog, windows7 } from '../services/exposure/exposure-test-support.js';
import type { ExposureListing } from '../services/exposure/list-organisation-exposure.js';
import { endoflifeFiles, intelTestPath, kevFile, msrcFile, nvdFiles } from '../services/intel/intel-test-support.js';
import { describeEachEngine } from '../test-support/engines.js';
import { runCli } from '../test-support/run-cli.js';

describeEachEngine('ward exposure', ({ url, it }) => {
  it('lists exposed devices per CVE with the reason, unsupported systems and unmapped software; --json is one document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-exposure-cli-'));
    const ok = async (args: string[]) => {
      const result = await runCli(['--db', url(), ...args]);
      assert.equal(result.code, 0, result.stderr);
      return result;
    };
    await ok(['intel', 'load', ...[...nvdFiles, kevFile, msrcFile, ...endoflifeFiles].map(intelTestPath)]);
    await ok(['org', 'add', '--ods', 'RXX', '--name', 'Exposure Test Trust']);
    writeFileSync(join(dir, 'hosts.log'), osqueryResultsLog([{ hostname: 'WARD-PC-7', os: windows7, patches: ['KB3212646'], programs: [{ name: 'Acme Bed Manager', version: '1.0' }] }]));
    writeFileSync(join(dir, 'app.cdx.json'), cyclonedxSbom('APP-SERVER', [{ name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }]));
    await ok(['import', join(dir, 'hosts.log'), '--org', 'RXX']);
    await ok(['import', join(dir, 'app.cdx.json'), '--org', 'RXX']);

    const listing = JSON.parse((await ok(['--json', 'exposure', '--org', 'RXX'])).stdout) as ExposureListing;
    assert.equal(listing.devices, 2);
    assert.equal(listing.exposedDevices, 2);
    const log4shell = listing.vulnerabilities.find((v) => v.cve === 'CVE-2021-44228');
    assert.deepEqual(log4shell?.devices.map((d) => [d.hostname, d.subject, d.source]), [['APP-SERVER', 'log4j-core 2.14.1', 'nvd']]);
    assert.equal(log4shell?.kev, true);
    const eternalBlue = listing.vulnerabilities.find((v) => v.cve === 'CVE-2017-0144');
    assert.deepEqual(eternalBlue?.devices.map((d) => [d.hostname, d.source]), [['WARD-PC-7', 'msrc-kb']]);
    assert.match(eternalBlue?.devices[0]?.reason ?? '', /none of .*KB4012212 .* is installed/);
    assert.deepEqual(listing.unsupportedSystems.map((u) => [u.hostname, u.cycle, u.supportEndedOn]), [['WARD-PC-7', '7-sp1', '2020-01-14']]);
    assert.deepEqual(listing.unmapped.map((u) => [u.name, u.devices]), [['Acme Bed Manager', 1]]);

    const human = await ok(['exposure', '--org', 'RXX']);
    assert.match(human.stdout, /Exposure Test Trust \(RXX\): 2 of 2 device\(s\) exposed to \d+ CVE\(s\)/);
    assert.match(human.stdout, /CVE-2021-44228 +yes +10\.0 .*APP-SERVER +log4j-core 2\.14\.1/);
    assert.match(human.stdout, /Unmapped software \(not matched\): Acme Bed Manager 1\.0 ×1/);
  });
});
