import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapSoftware, mappingCpe, type MappingOutcome, type SoftwareDescription } from './map-software.js';
import { lifecycleCycles, msrcProductName, operatingSystemCpes } from './operating-system.js';
import { softwareAliases } from './software-aliases.js';
import { upstreamVersion, versionInName } from './upstream-version.js';

// NVD product names as a loaded NVD store would know them.
const nvd: Record<string, string[]> = { openssl: ['openssl'], wireshark: ['wireshark'], 'security_verify_privilege_on-premises': ['ibm'], widget: ['acme', 'globex'] };
const lookup = (product: string) => nvd[product] ?? [];
const map = (s: SoftwareDescription): MappingOutcome => mapSoftware(s, lookup);
const target = (o: MappingOutcome) => ('mapped' in o ? `${o.mapped.vendor}:${o.mapped.product}:${o.mapped.version ?? '?'} ${o.mapped.method} ${o.mapped.confidence}` : `unmapped: ${o.unmapped}`);

describe('mapSoftware: inventory names to NVD vendor/product', () => {
  const cases: [SoftwareDescription, string][] = [
    [{ name: 'Mozilla Firefox (x64 en-GB)', version: '128.0.3', vendor: 'Mozilla' }, 'mozilla:firefox:128.0.3 alias 0.9'],
    [{ name: 'Mozilla Firefox ESR (x64 en-GB)', version: '115.13.0' }, 'mozilla:firefox_esr:115.13.0 alias 0.9'],
    [{ name: 'Google Chrome', version: '122.0.6261.129', vendor: 'Google LLC' }, 'google:chrome:122.0.6261.129 alias 0.9'],
    [{ name: 'Microsoft Edge', version: '122.0.2365.92' }, 'microsoft:edge_chromium:122.0.2365.92 alias 0.9'],
    [{ name: '7-Zip 23.01 (x64)', vendor: 'Igor Pavlov' }, '7-zip:7-zip:23.01 alias 0.9'],
    [{ name: 'Adobe Acrobat Reader DC', version: '23.008.20470' }, 'adobe:acrobat_reader_dc:23.008.20470 alias 0.9'],
    [{ name: 'libssl3', version: '3.0.11-1~deb12u2', packageType: 'deb' }, 'openssl:openssl:3.0.11 alias 0.9'],
    [{ name: 'openssl', version: '1:1.0.1e-30.el6', packageType: 'rpm' }, 'openssl:openssl:1.0.1e alias 0.9'],
    [{ name: 'apache2', version: '2.4.57-2', packageType: 'deb' }, 'apache:http_server:2.4.57 alias 0.9'],
    [{ name: 'log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }, 'apache:log4j:2.14.1 purl 1'],
    [{ name: 'libssl1.1', purl: 'pkg:deb/debian/libssl1.1@1.1.1n-0%2Bdeb11u5?arch=amd64' }, 'openssl:openssl:1.1.1n purl 1'],
    [{ name: 'Log4j', cpe: 'cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*' }, 'apache:log4j:2.17.1 cpe 1'],
    [{ name: 'OpenSSH', cpe: 'cpe:/a:openbsd:openssh:7.4' }, 'openbsd:openssh:7.4 cpe 1'],
    [{ name: 'Wireshark 4.2.3 x64', version: '4.2.3', vendor: 'The Wireshark developer community' }, 'wireshark:wireshark:4.2.3 alias 0.9'],
    [{ name: 'OpenSSL Light (64-bit)', version: '3.1.4', vendor: 'OpenSSL Win64 Installer Team' }, 'openssl:openssl:3.1.4 alias 0.9'],
    [{ name: 'Security Verify Privilege On-Premises', version: '11.4', vendor: 'IBM' }, 'ibm:security_verify_privilege_on-premises:11.4 nvd-name 0.7'],
    [{ name: 'Security Verify Privilege On-Premises', version: '11.4' }, 'ibm:security_verify_privilege_on-premises:11.4 nvd-name 0.5'],
  ];
  for (const [software, expected] of cases) {
    it(`${software.name} → ${expected}`, () => assert.equal(target(map(software)), expected));
  }

  it('lists why software is unmapped: unknown names, and names several NVD vendors share', () => {
    assert.match(target(map({ name: 'Acme Ward Round Planner', version: '3.2' })), /unmapped: no CPE, no known purl, no alias and no NVD product named "acme_ward_round_planner"/);
    assert.match(target(map({ name: 'Widget', version: '1.0' })), /unmapped: "widget" is a product of 2 NVD vendors \(acme, globex\)/);
    assert.equal(target(map({ name: 'Widget', version: '1.0', vendor: 'Globex Corporation' })), 'globex:widget:1.0 nvd-name 0.7');
  });

  it('writes the mapping as a CPE 2.3 name, escaping what CPE requires', () => {
    const o = map({ name: 'Notepad++ (64-bit x64)', version: '8.6.4' });
    assert.ok('mapped' in o);
    assert.equal(mappingCpe(o.mapped), 'cpe:2.3:a:notepad-plus-plus:notepad\\+\\+:8.6.4:*:*:*:*:*:*:*');
  });

  it('every alias has a note and a lower-case vendor and product', () => {
    for (const alias of softwareAliases) {
      assert.ok(alias.note.length > 10, `${alias.vendor}:${alias.product} has a note`);
      assert.equal(alias.vendor, alias.vendor.toLowerCase());
      assert.equal(alias.product, alias.product.toLowerCase());
      assert.ok(alias.name !== undefined || alias.packages !== undefined);
    }
  });
});

describe('versions for NVD comparison', () => {
  it('takes the upstream part of distribution versions', () => {
    assert.equal(upstreamVersion('1:1.0.1e-2+deb7u4', 'deb'), '1.0.1e');
    assert.equal(upstreamVersion('3.0.11-1~deb12u2', 'deb'), '3.0.11');
    assert.equal(upstreamVersion('2.4.6-99.el7', 'rpm'), '2.4.6');
    assert.equal(upstreamVersion('1.36.1-r15', 'apk'), '1.36.1');
    assert.equal(upstreamVersion('9.2p1-2+deb12u2', 'deb'), '9.2p1');
  });

  it('reads a version from a display name', () => {
    assert.equal(versionInName('7-Zip 23.01 (x64)'), '23.01');
    assert.equal(versionInName('Google Chrome'), undefined);
  });
});

describe('operating systems: MSRC product, lifecycle cycle, CPE', () => {
  it('names the MSRC product from OS name, build and architecture', () => {
    assert.equal(msrcProductName({ name: 'Microsoft Windows 7 Professional', build: '6.1.7601', architecture: '64-bit' })?.productName, 'Windows 7 for x64-based Systems Service Pack 1');
    assert.equal(msrcProductName({ name: 'Microsoft Windows 7 Professional', build: '6.1.7600', architecture: '64-bit' }), undefined, 'Windows 7 RTM has no MSRC updates after SP1');
    assert.equal(msrcProductName({ name: 'Microsoft Windows Server 2008 R2 Standard', build: '6.1.7601' })?.productName, 'Windows Server 2008 R2 for x64-based Systems Service Pack 1');
    assert.equal(msrcProductName({ name: 'Microsoft Windows 10 Enterprise', build: '10.0.19045.4170', architecture: '64-bit' })?.productName, 'Windows 10 Version 22H2 for x64-based Systems');
    assert.equal(msrcProductName({ name: 'Microsoft Windows 11 Pro', build: '10.0.26100.2033', architecture: 'ARM 64-bit Processor' })?.productName, 'Windows 11 Version 24H2 for ARM64-based Systems');
    assert.equal(msrcProductName({ name: 'Microsoft Windows Server 2019 Datacenter', build: '10.0.17763.5576' })?.productName, 'Windows Server 2019');
    const assumed = msrcProductName({ name: 'Microsoft Windows 10 Pro', build: '10.0.14393.953' });
    assert.deepEqual(assumed, { productName: 'Windows 10 Version 1607 for x64-based Systems', note: 'architecture not in the evidence: x64 assumed' });
    assert.equal(msrcProductName({ name: 'Debian GNU/Linux 12 (bookworm)' }), undefined);
  });

  it('chooses endoflife.date cycles by edition', () => {
    assert.deepEqual(lifecycleCycles({ name: 'Microsoft Windows 10 Enterprise', build: '10.0.19045.4170' }), [{ product: 'windows', cycles: ['10-22h2-e', '10-22h2'] }]);
    assert.deepEqual(lifecycleCycles({ name: 'Microsoft Windows 11 Pro', build: '10.0.22631.3296' }), [{ product: 'windows', cycles: ['11-23h2-w', '11-23h2'] }]);
    assert.deepEqual(lifecycleCycles({ name: 'Microsoft Windows Server 2012 R2 Standard', build: '6.3.9600' }), [{ product: 'windows-server', cycles: ['2012-r2'] }]);
    assert.deepEqual(lifecycleCycles({ name: 'Debian GNU/Linux 12 (bookworm)', version: '12' }), [{ product: 'debian', cycles: ['12'] }]);
  });

  it('gives the CPE names NVD platform requirements use', () => {
    assert.deepEqual(operatingSystemCpes({ name: 'Microsoft Windows 10 Enterprise', build: '10.0.19045.4170' }), [
      'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*',
      'cpe:2.3:o:microsoft:windows_10_22h2:10.0.19045.4170:*:*:*:*:*:*:*',
    ]);
    assert.deepEqual(operatingSystemCpes({ name: 'Debian GNU/Linux 12 (bookworm)', version: '12', family: 'linux' }), ['cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*', 'cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*']);
  });
});
