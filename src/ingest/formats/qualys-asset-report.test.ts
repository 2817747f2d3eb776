import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertUnreadable, countKinds, fixture, ofKind, parseFile, parseText } from './xml-format-test-support.js';
import { qualysAssetReportFormat } from './qualys-asset-report.js';

describe('qualys asset data report format', () => {
  it('detects the ASSET_DATA_REPORT layout only', () => {
    const head = readFileSync(fixture('qualys-asset-report', 'Qualys_Sample_Report.xml'), 'utf8').slice(0, 1024);
    assert.equal(qualysAssetReportFormat.detect({ fileName: 'r.xml', head }), true);
    const other = readFileSync(fixture('qualys-scan', 'qualys_infrascan_webgui_1.xml'), 'utf8').slice(0, 1024);
    assert.equal(qualysAssetReportFormat.detect({ fileName: 'r.xml', head: other }), false);
  });

  // Counts from Python ElementTree: HOST_LIST/HOST, VULN_INFO, distinct PORT/PROTOCOL per host,
  // and the CVE_ID entries of each detection's glossary QID.
  it('reads every record of the sample report', async () => {
    const records = await parseFile(qualysAssetReportFormat, fixture('qualys-asset-report', 'Qualys_Sample_Report.xml'));
    assert.deepEqual(countKinds(records), { asset: 7, finding: 301, software: 0, service: 16, warning: 0 });
    const findings = ofKind(records, 'finding');
    assert.equal(findings.reduce((sum, finding) => sum + finding.cves.length, 0), 100);
    assert.equal(findings.filter((finding) => finding.severity === 'info').length, 209);
  });

  it('reads the real empty report as no records', async () => {
    assert.deepEqual(await parseFile(qualysAssetReportFormat, fixture('qualys-asset-report', 'empty.xml')), []);
  });

  it('reads one detection completely, joined with its glossary entry', async () => {
    const records = await parseFile(qualysAssetReportFormat, fixture('qualys-asset-report', 'Qualys_Sample_Report.xml'));
    const finding = ofKind(records, 'finding').find((record) => record.checkId === '370876' && record.assetRef === '64.41.200.243');
    assert.ok(finding);
    const { solution, output, ...rest } = finding;
    assert.deepEqual(rest, {
      kind: 'finding',
      assetRef: '64.41.200.243',
      tool: 'qualys',
      checkId: '370876',
      title: 'AMD Processors Multiple Security Vulnerabilities (RYZENFALL/MASTERKEY/CHIMERA-FW/FALLOUT)',
      severity: 'high',
      cves: ['CVE-2018-8930', 'CVE-2018-8931', 'CVE-2018-8932', 'CVE-2018-8933', 'CVE-2018-8934', 'CVE-2018-8935', 'CVE-2018-8936'],
      cvss: [
        { version: '2.0', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C', baseScore: 9.3 },
        { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 9 },
      ],
      firstSeenAt: rest.firstSeenAt,
      lastSeenAt: rest.lastSeenAt,
      location: { file: 'Qualys_Sample_Report.xml', line: 335, column: 20, path: 'ASSET_DATA_REPORT/HOST_LIST[1]/HOST[1]/VULN_INFO_LIST[1]/VULN_INFO[21]' },
    });
    assert.match(rest.firstSeenAt ?? '', /^\d{4}-\d{2}-\d{2}T/);
    assert.match(solution ?? '', /^AMD has confirmed the vulnerability\. However, updates are awaited\./);
    assert.match(output ?? '', /^Vulnerable AMD processor detected:/);
    const asset = ofKind(records, 'asset')[0];
    assert.deepEqual(asset, {
      kind: 'asset',
      assetRef: '64.41.200.243',
      assetKind: 'server',
      hostname: 'demo13',
      fqdn: 'demo13.s02.sjc01.qualys.com',
      ipAddresses: ['64.41.200.243'],
      macAddresses: [],
      os: { name: 'Ubuntu / Tiny Core Linux / Linux 2.6.x', family: 'linux' },
      location: { file: 'Qualys_Sample_Report.xml', line: 64, column: 11, path: 'ASSET_DATA_REPORT/HOST_LIST[1]/HOST[1]' },
    });
  });

  it('warns when a detection has no glossary entry', async () => {
    const xml = '<ASSET_DATA_REPORT><HOST_LIST><HOST><IP>10.0.0.1</IP><VULN_INFO_LIST><VULN_INFO><QID id="qid_1">1</QID><TYPE>Vuln</TYPE></VULN_INFO></VULN_INFO_LIST></HOST></HOST_LIST></ASSET_DATA_REPORT>';
    const records = await parseText(qualysAssetReportFormat, xml, 'r.xml');
    assert.deepEqual(countKinds(records), { asset: 1, finding: 1, software: 0, service: 0, warning: 1 });
  });

  it('refuses broken inputs with file and line', async () => {
    const text = readFileSync(fixture('qualys-asset-report', 'Qualys_Sample_Report.xml'), 'utf8');
    await assertUnreadable(parseText(qualysAssetReportFormat, text.slice(0, 300_000), 'cut.xml', 8192), 'cut.xml', /unclosed tag/);
    const scan = readFileSync(fixture('qualys-scan', 'qualys_infrascan_webgui_1.xml'));
    await assertUnreadable(parseText(qualysAssetReportFormat, scan, 's.xml', 512), 's.xml', /not a Qualys asset data report/);
    await assertUnreadable(parseText(qualysAssetReportFormat, '\u0000\u0001garbage', 'g.xml'), 'g.xml');
    const bomb = '<!DOCTYPE ASSET_DATA_REPORT [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><ASSET_DATA_REPORT>&b;</ASSET_DATA_REPORT>';
    await assertUnreadable(parseText(qualysAssetReportFormat, bomb, 'b.xml'), 'b.xml', /DOCTYPE declares entities/);
  });
});
