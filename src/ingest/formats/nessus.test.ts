import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertUnreadable, chunked, countKinds, fixture, ofKind, parseFile, parseText } from './xml-format-test-support.js';
import { nessusFormat } from './nessus.js';
import { softwareFromPlugin } from './nessus-software.js';

const cvssv3 = fixture('nessus', 'nessus_with_cvssv3.nessus');
const unknownVersion = fixture('nessus', 'nessus_v_unknown.xml');
const manyVuln = fixture('nessus', 'nessus_many_vuln.xml');

describe('nessus format', () => {
  it('detects Nessus v2 from the root element only', () => {
    const head = readFileSync(unknownVersion, 'utf8').slice(0, 1024);
    assert.equal(nessusFormat.detect({ fileName: 'scan.xml', head }), true);
    const nmapHead = readFileSync(fixture('nmap', 'nmap_1port.xml'), 'utf8').slice(0, 1024);
    assert.equal(nessusFormat.detect({ fileName: 'scan.nessus', head: nmapHead }), false);
  });

  // Expected counts were taken from the files with an independent XML tool (Python ElementTree):
  // ReportHost, ReportItem, distinct port>0 per host, cpe:/a lines of plugin 45590, <cve> elements.
  for (const [file, expected, cves] of [
    [manyVuln, { asset: 1, finding: 7, software: 0, service: 2, warning: 0 }, 0],
    [unknownVersion, { asset: 7, finding: 296, software: 7, service: 87, warning: 0 }, 7],
    [cvssv3, { asset: 1, finding: 49, software: 5, service: 1, warning: 0 }, 138],
  ] as const) {
    it(`reads every record of ${file.split('/').pop() ?? ''}`, async () => {
      const records = await parseFile(nessusFormat, file);
      assert.deepEqual(countKinds(records), expected);
      const findings = ofKind(records, 'finding');
      assert.equal(
        findings.reduce((sum, finding) => sum + finding.cves.length, 0),
        cves,
      );
      // Every finding refers to an asset emitted before it.
      const seen = new Set<string>();
      for (const record of records) {
        if (record.kind === 'asset') seen.add(record.assetRef);
        else if (record.kind !== 'warning') assert.ok(seen.has(record.assetRef), `${record.kind} before its asset`);
      }
    });
  }

  it('reads one finding completely (plugin 17797, CVSS v2 and v3)', async () => {
    const records = await parseFile(nessusFormat, cvssv3);
    const finding = ofKind(records, 'finding').find((record) => record.checkId === '17797');
    assert.deepEqual(finding, {
      kind: 'finding',
      assetRef: 'testphp.vulnweb.com',
      tool: 'nessus',
      checkId: '17797',
      title: 'PHP 5.x < 5.2.2 Multiple vulnerabilities',
      severity: 'high',
      cves: ['CVE-2007-1001', 'CVE-2007-1583', 'CVE-2007-1649', 'CVE-2007-1717', 'CVE-2007-1718'],
      cvss: [
        { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:C/I:N/A:N', baseScore: 7.8 },
        { version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', baseScore: 7.5 },
      ],
      port: 80,
      protocol: 'tcp',
      service: 'www',
      solution: 'Upgrade to PHP version 5.2.2 or later.',
      fixPublishedAt: '2007-05-03',
      vulnPublishedAt: '2007-03-23',
      output:
        'Version source : http://testphp.vulnweb.com/secured/phpinfo.php\n' +
        '                    Installed version : 5.1.6\n' +
        '                    Fixed version : 5.2.2',
      location: {
        file: 'nessus_with_cvssv3.nessus',
        line: 8554,
        column: 108,
        path: 'NessusClientData_v2/Report[1]/ReportHost[1]/ReportItem[17]',
      },
    });
  });

  it('reads one host completely, with times from the epoch tags', async () => {
    const records = await parseFile(nessusFormat, cvssv3);
    const [asset] = ofKind(records, 'asset');
    assert.deepEqual(asset, {
      kind: 'asset',
      assetRef: 'testphp.vulnweb.com',
      assetKind: 'server',
      hostname: 'testphp',
      fqdn: 'testphp.vulnweb.com',
      ipAddresses: ['44.228.249.3'],
      macAddresses: [],
      os: { name: 'Linux Kernel 2.6', family: 'linux', cpe: 'cpe:/o:linux:linux_kernel' },
      credentialed: false,
      scanStartedAt: new Date(1648042311 * 1000).toISOString(),
      scanEndedAt: new Date(1648044472 * 1000).toISOString(),
      lastSeenAt: new Date(1648044472 * 1000).toISOString(),
      location: { file: 'nessus_with_cvssv3.nessus', line: 7598, column: 48, path: 'NessusClientData_v2/Report[1]/ReportHost[1]' },
    });
    const software = ofKind(records, 'software').map((record) => [record.name, record.vendor, record.version, record.cpe, record.source]);
    assert.deepEqual(software, [
      ['Nginx', 'igor_sysoev', '1.19.0', 'cpe:/a:igor_sysoev:nginx:1.19.0', 'nessus:45590'],
      ['Nginx', 'nginx', '1.19.0', 'cpe:/a:nginx:nginx:1.19.0', 'nessus:45590'],
      ['PHP PHP', 'php', '5.1.6', 'cpe:/a:php:php:5.1.6', 'nessus:45590'],
      ['PHP PHP', 'php', '5.6.40', 'cpe:/a:php:php:5.6.40', 'nessus:45590'],
      ['PHP PHP', 'php', '5.6.40-38+ubuntu20.04.1+deb.sury.org+1', 'cpe:/a:php:php:5.6.40-38+ubuntu20.04.1+deb.sury.org+1', 'nessus:45590'],
    ]);
  });

  it('reads a Windows host of the older export, its open ports and informational findings', async () => {
    const records = await parseFile(nessusFormat, unknownVersion);
    const asset = ofKind(records, 'asset').find((record) => record.assetRef === 'qa3app09');
    assert.deepEqual(asset, {
      kind: 'asset',
      assetRef: 'qa3app09',
      assetKind: 'server',
      hostname: 'qa3app09',
      netbiosName: 'QA3APP09',
      ipAddresses: ['10.31.112.29'],
      macAddresses: ['00:50:56:81:01:e3'],
      os: { name: 'Microsoft Windows Server 2008 R2 Standard Service Pack 1', family: 'windows', servicePack: '1' },
      scanStartedAt: '2013-07-01T11:33:11.000Z',
      scanEndedAt: '2013-07-01T11:40:48.000Z',
      lastSeenAt: '2013-07-01T11:40:48.000Z',
      location: { file: 'nessus_v_unknown.xml', line: 2609, column: 29, path: 'NessusClientData_v2/Report[1]/ReportHost[1]' },
    });
    const ports = ofKind(records, 'service')
      .filter((service) => service.assetRef === 'qa3app09')
      .map((service) => `${service.protocol}/${service.port}/${service.service ?? ''}`)
      .sort();
    assert.ok(ports.includes('tcp/3389/msrdp') && ports.includes('tcp/445/cifs'), ports.join(','));
    const rdp = ofKind(records, 'finding').find((finding) => finding.assetRef === 'qa3app09' && finding.checkId === '18405');
    assert.equal(rdp?.severity, 'medium');
    assert.deepEqual(rdp?.cves, ['CVE-2005-1794']);
    assert.deepEqual(rdp?.cvss, [{ version: '2.0', vector: 'AV:N/AC:H/Au:N/C:P/I:P/A:P', baseScore: 5.1 }]);
    const info = ofKind(records, 'finding').filter((finding) => finding.severity === 'info');
    assert.equal(info.length, 266);
  });

  it('refuses a truncated report with the file and line', async () => {
    const text = readFileSync(unknownVersion, 'utf8');
    const cut = text.slice(0, Math.floor(text.length / 2));
    await assertUnreadable(parseText(nessusFormat, cut, 'cut.nessus', 4096), 'cut.nessus', /unclosed tag|not well-formed/);
  });

  it('refuses another scanner’s XML (an Nmap file)', async () => {
    const nmap = readFileSync(fixture('nmap', 'nmap_1port.xml'));
    const error = await assertUnreadable(parseText(nessusFormat, nmap, 'nmap.xml', 512), 'nmap.xml', /not a Nessus v2 report.*<nmaprun>/);
    assert.equal(error.details.location?.path, 'nmaprun');
  });

  it('refuses garbage and bad encodings', async () => {
    await assertUnreadable(parseText(nessusFormat, 'PK\u0003\u0004 this is a zip', 'scan.nessus'), 'scan.nessus');
    const latinBytes = Buffer.concat([Buffer.from('<NessusClientData_v2><Report><ReportHost name="h\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('"/></Report></NessusClientData_v2>')]);
    await assertUnreadable(parseText(nessusFormat, latinBytes, 'scan.nessus'), 'scan.nessus', /invalid UTF-8/);
  });

  it('refuses an entity bomb, an external entity and over-deep nesting', async () => {
    const lol = ['<!ENTITY a "lollollollol">', ...Array.from({ length: 9 }, (_, n) => `<!ENTITY ${'b'.repeat(n + 1)} "${`&${n === 0 ? 'a' : 'b'.repeat(n)};`.repeat(10)}">`)];
    const bomb = `<?xml version="1.0"?><!DOCTYPE NessusClientData_v2 [${lol.join('')}]><NessusClientData_v2><Report><ReportHost name="&bbbbbbbbb;"/></Report></NessusClientData_v2>`;
    await assertUnreadable(parseText(nessusFormat, bomb, 'bomb.nessus', 100), 'bomb.nessus', /DOCTYPE declares entities/);

    const dir = mkdtempSync(join(tmpdir(), 'ward-nessus-xxe-'));
    try {
      const secret = join(dir, 'secret');
      writeFileSync(secret, 'NHS-SECRET-PASSWORD');
      const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://${secret}">]><NessusClientData_v2><Report><ReportHost name="h"><ReportItem pluginID="1" severity="4" port="0"><plugin_output>&x;</plugin_output></ReportItem></ReportHost></Report></NessusClientData_v2>`;
      let leaked = '';
      try {
        for await (const record of nessusFormat.parse(chunked(xxe, 50), { fileName: 'xxe.nessus' })) {
          leaked += JSON.stringify(record);
        }
        assert.fail('the XXE document was accepted');
      } catch (error) {
        leaked += String(error);
        assert.ok(error instanceof Error && 'code' in error && error.code === 'INGEST_UNREADABLE');
      }
      assert.ok(!leaked.includes('NHS-SECRET-PASSWORD'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const deep = `<NessusClientData_v2>${'<x>'.repeat(400)}${'</x>'.repeat(400)}</NessusClientData_v2>`;
    await assertUnreadable(parseText(nessusFormat, deep, 'deep.nessus', 256), 'deep.nessus', /nested deeper/);
  });

  it('reads CVSS v4 and falls back to risk_factor when severity is missing', async () => {
    const text =
      '<NessusClientData_v2><Report><ReportHost name="10.0.0.2"><ReportItem port="443" svc_name="www" protocol="tcp" pluginID="200000" pluginName="X">' +
      '<cvss4_base_score>9.3</cvss4_base_score><cvss4_vector>CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N</cvss4_vector>' +
      '<risk_factor>Critical</risk_factor></ReportItem></ReportHost></Report></NessusClientData_v2>';
    const [finding] = ofKind(await parseText(nessusFormat, text), 'finding');
    assert.deepEqual(finding?.cvss, [{ version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', baseScore: 9.3 }]);
    assert.equal(finding?.severity, 'critical');
  });

  it('keeps hosts apart when a report names the same host twice', async () => {
    const item = '<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="1" pluginID="70658" pluginName="SSH CBC"/>';
    const text = `<NessusClientData_v2><Report><ReportHost name="10.0.0.1">${item}</ReportHost><ReportHost name="10.0.0.1">${item}</ReportHost></Report></NessusClientData_v2>`;
    const records = await parseText(nessusFormat, text);
    assert.deepEqual(ofKind(records, 'asset').map((asset) => [asset.assetRef, asset.ipAddresses]), [['10.0.0.1', ['10.0.0.1']], ['10.0.0.1#2', ['10.0.0.1']]]);
    assert.deepEqual(ofKind(records, 'finding').map((finding) => [finding.assetRef, finding.severity]), [['10.0.0.1', 'low'], ['10.0.0.1#2', 'low']]);
  });
});

describe('software from Nessus plugin output', () => {
  it('reads Windows software and KB updates (20811)', () => {
    const output = [
      '',
      'The following software are installed on the remote host :',
      '',
      '7-Zip 24.09 (x64)  [version 24.09]',
      'Microsoft Edge  [version 142.0.3595.94]  [installed on 2025/11/26]',
      '',
      'The following updates are installed :',
      '',
      'Microsoft Windows :',
      '  KB5031356',
    ].join('\n');
    assert.deepEqual(softwareFromPlugin('20811', output), [
      { name: '7-Zip 24.09 (x64)', version: '24.09', packageType: 'msi' },
      { name: 'Microsoft Edge', version: '142.0.3595.94', installedAt: '2025-11-26', packageType: 'msi' },
      { name: 'KB5031356', packageType: 'windows-update' },
    ]);
  });

  it('reads dpkg, rpm and plain package lists (22869)', () => {
    const dpkg = 'Here is the list of packages installed on the remote Debian Linux system :\n\n  ii   openssl  3.0.11-1~deb12u2  amd64  Secure Sockets Layer toolkit\n  rc   oldpkg  1.0  amd64  removed\n  ii  libc6:amd64  2.36-9+deb12u4  amd64  GNU C Library';
    assert.deepEqual(softwareFromPlugin('22869', dpkg), [
      { name: 'openssl', version: '3.0.11-1~deb12u2', packageType: 'deb' },
      { name: 'libc6', version: '2.36-9+deb12u4', packageType: 'deb' },
    ]);
    const rpm = 'Here is the list of packages installed on the remote Red Hat Linux system :\n\n  openssl-libs-1.0.2k-25.el7_9|1 Mon 01 Jan 2024\n  bash-4.2.46-34.el7|(none)';
    assert.deepEqual(softwareFromPlugin('22869', rpm), [
      { name: 'openssl-libs', version: '1:1.0.2k-25.el7_9', packageType: 'rpm' },
      { name: 'bash', version: '4.2.46-34.el7', packageType: 'rpm' },
    ]);
    const mac = 'Here is the list of packages installed on the remote Mac OS X system :\n\n  App Store 3.0\n  ffmpeg 7.1.1_3 (homebrew managed)';
    assert.deepEqual(softwareFromPlugin('22869', mac), [
      { name: 'App Store', version: '3.0' },
      { name: 'ffmpeg', version: '7.1.1_3' },
    ]);
  });
});
