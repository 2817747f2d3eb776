import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertUnreadable, countKinds, fixture, ofKind, parseFile, parseText } from './xml-format-test-support.js';
import { openvasFormat } from './openvas.js';

// Counts from Python ElementTree: results/result elements, distinct result hosts, and
// refs/ref[@type="cve"] per result.
const expectations = [
  ['many_vuln.xml', { asset: 1, finding: 44, software: 0, service: 0, warning: 0 }, 55],
  ['no_vuln.xml', { asset: 0, finding: 0, software: 0, service: 0, warning: 0 }, 0],
  ['one_vuln.xml', { asset: 1, finding: 1, software: 0, service: 0, warning: 0 }, 12],
  ['report_detail_v2.xml', { asset: 1, finding: 1, software: 0, service: 0, warning: 0 }, 93],
] as const;

describe('openvas format', () => {
  it('detects Greenbone XML reports', () => {
    for (const [file] of expectations) {
      const head = readFileSync(fixture('openvas', file), 'utf8').slice(0, 1024);
      assert.equal(openvasFormat.detect({ fileName: file, head }), true, file);
    }
    const nmapHead = readFileSync(fixture('nmap', 'nmap_1port.xml'), 'utf8').slice(0, 1024);
    assert.equal(openvasFormat.detect({ fileName: 'x.xml', head: nmapHead }), false);
  });

  for (const [file, expected, cves] of expectations) {
    it(`reads every record of ${file}`, async () => {
      const records = await parseFile(openvasFormat, fixture('openvas', file));
      assert.deepEqual(countKinds(records), expected);
      assert.equal(
        ofKind(records, 'finding').reduce((sum, finding) => sum + finding.cves.length, 0),
        cves,
      );
    });
  }

  it('reads one result completely (refs, QoD, solution from the tags)', async () => {
    const records = await parseFile(openvasFormat, fixture('openvas', 'one_vuln.xml'));
    const [finding] = ofKind(records, 'finding');
    assert.deepEqual(finding, {
      kind: 'finding',
      assetRef: '10.0.101.2',
      tool: 'openvas',
      checkId: '1.3.6.1.4.1.25623.1.0.832260',
      title: 'Mozilla Firefox Security Update (mfsa_2023-32_2023-36) - Windows',
      severity: 'critical',
      cves: [
        'CVE-2023-4573', 'CVE-2023-4574', 'CVE-2023-4575', 'CVE-2023-4576', 'CVE-2023-4577', 'CVE-2023-4578',
        'CVE-2023-4579', 'CVE-2023-4580', 'CVE-2023-4581', 'CVE-2023-4585', 'CVE-2023-4583', 'CVE-2023-4584',
      ],
      cvss: [],
      protocol: 'tcp',
      solution: 'Upgrade to version 117 or later,\nPlease see the references for more information.',
      confidence: 97,
      output: 'Installed version: 116.0.3\nFixed version:     117\nInstallation\npath / port:       C:\\Program Files\\Mozilla Firefox',
      location: { file: 'one_vuln.xml', line: 1, column: 2384, path: 'report/report[1]/results[1]/result[1]' },
    });
    const [asset] = ofKind(records, 'asset');
    assert.deepEqual(asset?.ipAddresses, ['10.0.101.2']);
  });

  it('reads the newer layout: severities with a CVSS 3.1 vector, solution element, hostname', async () => {
    const records = await parseFile(openvasFormat, fixture('openvas', 'report_detail_v2.xml'));
    const [finding] = ofKind(records, 'finding');
    assert.equal(finding?.severity, 'critical');
    assert.equal(finding?.port, 42);
    assert.equal(finding?.protocol, 'tcp');
    assert.equal(finding?.confidence, 80);
    assert.deepEqual(finding?.cvss, [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8 }]);
    assert.equal(finding?.solution, 'The vendor has released updates. Please see\n  the references for more information.');
    const [asset] = ofKind(records, 'asset');
    assert.equal(asset?.assetRef, '10.99.99.99');
    assert.equal(asset?.hostname, 'server99');
  });

  it('takes host times from the report host section', async () => {
    const records = await parseFile(openvasFormat, fixture('openvas', 'many_vuln.xml'));
    const [asset] = ofKind(records, 'asset');
    assert.equal(asset?.scanStartedAt, '2023-09-26T10:50:34Z');
    assert.equal(asset?.scanEndedAt, '2023-09-26T13:04:00Z');
    const severities = ofKind(records, 'finding').map((finding) => finding.severity);
    assert.ok(severities.includes('critical') && severities.includes('medium'));
  });

  it('reads the old <cve> list of OpenVAS 8/9, ignores EPSS <cve> entries, skips false positives', async () => {
    const xml = `<get_reports_response status="200"><report><report><results>
      <result><host>10.0.0.5</host><port>445/tcp</port><nvt oid="1.3.6.1.4.1.25623.1.0.810676"><name>MS17-010</name><cvss_base>9.3</cvss_base><cve>CVE-2017-0143, CVE-2017-0144</cve><tags>cvss_base_vector=AV:N/AC:M/Au:N/C:C/I:C/A:C|solution=Apply MS17-010</tags><epss><max_epss><score>0.9</score><cve id="CVE-2099-0001"><severity>9.8</severity></cve></max_epss></epss></nvt><threat>High</threat><severity>9.3</severity></result>
      <result><host>10.0.0.5</host><port>general/tcp</port><nvt oid="1.2"><name>Noise</name><cve>NOCVE</cve></nvt><severity>-1.0</severity></result>
    </results></report></report></get_reports_response>`;
    const records = await parseText(openvasFormat, xml, 'old.xml', 33);
    const [finding] = ofKind(records, 'finding');
    assert.deepEqual(finding?.cves, ['CVE-2017-0143', 'CVE-2017-0144']);
    assert.deepEqual(finding?.cvss, [{ version: '2.0', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C', baseScore: 9.3 }]);
    assert.equal(finding?.port, 445);
    assert.equal(finding?.solution, 'Apply MS17-010');
    assert.equal(countKinds(records).warning, 1);
    assert.equal(countKinds(records).finding, 1);
  });

  it('refuses broken inputs with file and line', async () => {
    const text = readFileSync(fixture('openvas', 'many_vuln.xml'), 'utf8');
    await assertUnreadable(parseText(openvasFormat, text.slice(0, text.length - 40), 'cut.xml', 4096), 'cut.xml', /unclosed tag/);
    const nmap = readFileSync(fixture('nmap', 'nmap_1port.xml'));
    await assertUnreadable(parseText(openvasFormat, nmap, 'n.xml', 512), 'n.xml', /not an OpenVAS\/Greenbone report/);
    await assertUnreadable(parseText(openvasFormat, 'Severity,Host\n10.0,1.2.3.4\n', 'r.xml'), 'r.xml');
    const bomb = '<!DOCTYPE report [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;">]><report>&b;</report>';
    await assertUnreadable(parseText(openvasFormat, bomb, 'bomb.xml'), 'bomb.xml', /DOCTYPE declares entities/);
    const deep = `<report>${'<x>'.repeat(260)}${'</x>'.repeat(260)}</report>`;
    await assertUnreadable(parseText(openvasFormat, deep, 'deep.xml', 100), 'deep.xml', /nested deeper/);
  });
});
