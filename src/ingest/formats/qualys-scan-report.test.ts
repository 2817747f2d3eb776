import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertUnreadable, countKinds, fixture, ofKind, parseFile, parseText } from './xml-format-test-support.js';
import { qualysScanReportFormat } from './qualys-scan-report.js';

// Counts from Python ElementTree: IP elements, VULN+PRACTICE+INFO+SERVICE elements, and the
// distinct CVE ids of each (cveid attribute and CVE_ID_LIST together).
const expectations = [
  ['qualys_infrascan_webgui_0.xml', { asset: 1, finding: 0, software: 0, service: 0, warning: 0 }, 0],
  ['qualys_infrascan_webgui_1.xml', { asset: 1, finding: 1, software: 0, service: 0, warning: 0 }, 19],
  ['qualys_infrascan_webgui_3.xml', { asset: 1, finding: 1, software: 0, service: 0, warning: 0 }, 1],
  ['qualys_infrascan_webgui_multiple.xml', { asset: 2, finding: 24, software: 0, service: 0, warning: 0 }, 42],
] as const;

describe('qualys scan report format', () => {
  it('detects the SCAN layout only', () => {
    const head = readFileSync(fixture('qualys-scan', 'qualys_infrascan_webgui_1.xml'), 'utf8').slice(0, 1024);
    assert.equal(qualysScanReportFormat.detect({ fileName: 'scan.xml', head }), true);
    const other = readFileSync(fixture('qualys-asset-report', 'Qualys_Sample_Report.xml'), 'utf8').slice(0, 1024);
    assert.equal(qualysScanReportFormat.detect({ fileName: 'scan.xml', head: other }), false);
  });

  for (const [file, expected, cves] of expectations) {
    it(`reads every record of ${file}`, async () => {
      const records = await parseFile(qualysScanReportFormat, fixture('qualys-scan', file));
      assert.deepEqual(countKinds(records), expected);
      assert.equal(ofKind(records, 'finding').reduce((sum, finding) => sum + finding.cves.length, 0), cves);
    });
  }

  it('reads one host and vulnerability completely', async () => {
    const records = await parseFile(qualysScanReportFormat, fixture('qualys-scan', 'qualys_infrascan_webgui_3.xml'));
    assert.deepEqual(records, [
      {
        kind: 'asset',
        assetRef: '10.1.10.1',
        assetKind: 'server',
        ipAddresses: ['10.1.10.1'],
        macAddresses: [],
        os: { name: 'Linux 2.6', family: 'linux' },
        location: { file: 'qualys_infrascan_webgui_3.xml', line: 26, column: 53, path: 'SCAN/IP[1]' },
      },
      {
        kind: 'finding',
        assetRef: '10.1.10.1',
        tool: 'qualys',
        checkId: '82024',
        title: 'UDP Constant IP Identification Field Fingerprinting Vulnerability',
        severity: 'low',
        cves: ['CVE-2002-0510'],
        cvss: [{ version: '2.0', baseScore: 5 }],
        solution: 'some solution',
        output: 'some output',
        location: { file: 'qualys_infrascan_webgui_3.xml', line: 30, column: 63, path: 'SCAN/IP[1]/VULNS[1]/CAT[1]/VULN[1]' },
      },
    ]);
  });

  it('keeps information gathered as info and maps levels 1–5 for vulnerabilities', async () => {
    const records = await parseFile(qualysScanReportFormat, fixture('qualys-scan', 'qualys_infrascan_webgui_multiple.xml'));
    const findings = ofKind(records, 'finding');
    const java = findings.find((finding) => finding.checkId === '123168');
    assert.equal(java?.severity, 'critical');
    assert.deepEqual(java?.cvss, [{ version: '2.0', baseScore: 10 }, { version: '3.1', baseScore: 3.4 }]);
    assert.ok(findings.filter((finding) => ['82040', '82023', '42017'].includes(finding.checkId)).every((finding) => finding.severity === 'info'));
    assert.equal(ofKind(records, 'asset')[1]?.fqdn, 'host2.example.com');
  });

  it('uses the port and protocol of a category and lists the port as a service', async () => {
    const xml = '<SCAN><IP value="10.0.0.9" name="web.trust.nhs.uk"><OS>Windows Server 2016</OS><VULNS><CAT value="Web server" port="443" protocol="tcp"><VULN number="38173" severity="3"><TITLE>SSL Certificate - Signature Verification Failed</TITLE><CVSS_BASE>9.4</CVSS_BASE></VULN></CAT></VULNS></IP></SCAN>';
    const records = await parseText(qualysScanReportFormat, xml, 'scan.xml');
    assert.deepEqual(ofKind(records, 'service').map((service) => [service.port, service.protocol, service.state]), [[443, 'tcp', 'open']]);
    const [finding] = ofKind(records, 'finding');
    assert.equal(finding?.port, 443);
    assert.equal(finding?.severity, 'medium');
    assert.equal(ofKind(records, 'asset')[0]?.assetKind, 'server');
  });

  it('refuses broken inputs with file and line', async () => {
    const text = readFileSync(fixture('qualys-scan', 'qualys_infrascan_webgui_multiple.xml'), 'utf8');
    await assertUnreadable(parseText(qualysScanReportFormat, text.slice(0, 9000), 'cut.xml', 1024), 'cut.xml', /unclosed tag/);
    const asset = readFileSync(fixture('qualys-asset-report', 'empty.xml'));
    await assertUnreadable(parseText(qualysScanReportFormat, asset, 'a.xml', 256), 'a.xml', /not a Qualys scan report/);
    await assertUnreadable(parseText(qualysScanReportFormat, Buffer.from([0x00, 0x3c, 0x00, 0x53]), 'z.xml'), 'z.xml');
    const xxe = '<!DOCTYPE SCAN [<!ENTITY x SYSTEM "file:///etc/passwd">]><SCAN><IP value="&x;"/></SCAN>';
    const error = await assertUnreadable(parseText(qualysScanReportFormat, xxe, 'x.xml'), 'x.xml', /DOCTYPE declares entities/);
    assert.ok(!error.message.includes('root:'));
  });
});
