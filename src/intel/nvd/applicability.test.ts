import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateApplicability, type DeviceProfile } from './applicability.js';
import { loadCve } from './nvd-test-support.js';

const app = (vendor: string, product: string, version: string, update = '*'): string =>
  `cpe:2.3:a:${vendor}:${product}:${version}:${update}:*:*:*:*:*:*`;
const device = (...cpes: string[]): DeviceProfile => ({ platforms: cpes.map((cpe) => ({ cpe })) });

const windows7Sp1 = 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*';
const smbv1 = 'cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*';

describe('Log4Shell CVE-2021-44228 (real NVD record)', () => {
  const cve = loadCve('CVE-2021-44228.json');

  it('applies to log4j 2.14.1 and says which range matched', () => {
    const result = evaluateApplicability(cve, device(app('apache', 'log4j', '2.14.1')));
    assert.equal(result.applies, true);
    assert.equal(result.configurationIndex, 5);
    assert.equal(result.matches[0]?.detail, 'log4j 2.14.1 in [2.13.0, 2.15.0)');
    assert.equal(result.matches[0]?.matchCriteriaId, 'D31D423D-FC4D-428A-B863-55AF472B80DC');
    assert.match(result.reason, /^CVE-2021-44228 applies \(configuration 6\): log4j 2\.14\.1 in \[2\.13\.0, 2\.15\.0\)$/);
  });

  it('does not apply to log4j 2.17.1 and names the bound it is past', () => {
    const result = evaluateApplicability(cve, device(app('apache', 'log4j', '2.17.1')));
    assert.equal(result.applies, false);
    assert.ok(result.nearMisses.includes('log4j 2.17.1 not in [2.13.0, 2.15.0) (not below versionEndExcluding 2.15.0)'));
  });

  it('treats versionEndExcluding as exclusive and versionStartIncluding as inclusive', () => {
    assert.equal(evaluateApplicability(cve, device(app('apache', 'log4j', '2.15.0'))).applies, false);
    assert.equal(evaluateApplicability(cve, device(app('apache', 'log4j', '2.13.0'))).applies, true);
    assert.equal(evaluateApplicability(cve, device(app('apache', 'log4j', '2.12.2'))).applies, false, '2.12.2 is a fixed release');
    assert.equal(evaluateApplicability(cve, device(app('apache', 'log4j', '2.12.1'))).applies, true);
    assert.equal(evaluateApplicability(cve, device(app('apache', 'log4j', '2.0', 'beta9'))).applies, true, 'exact criteria 2.0 beta9');
    assert.equal(evaluateApplicability(cve, device(app('apache', 'log4j', '1.2.17'))).applies, false);
  });

  it('ignores other products and says nothing matched', () => {
    const result = evaluateApplicability(cve, device(app('apache', 'tomcat', '9.0.50')));
    assert.equal(result.applies, false);
    assert.match(result.reason, /no configuration names any platform of this device/);
  });
});

describe('Heartbleed CVE-2014-0160 (real NVD record)', () => {
  const cve = loadCve('CVE-2014-0160.json');
  it('applies to OpenSSL 1.0.1f and not to 1.0.1g or 1.0.0', () => {
    const vulnerable = evaluateApplicability(cve, device(app('openssl', 'openssl', '1.0.1f')));
    assert.equal(vulnerable.applies, true);
    assert.equal(vulnerable.matches[0]?.detail, 'openssl 1.0.1f in [1.0.1, 1.0.1g)');
    assert.equal(evaluateApplicability(cve, device(app('openssl', 'openssl', '1.0.1g'))).applies, false);
    assert.equal(evaluateApplicability(cve, device(app('openssl', 'openssl', '1.0.1'))).applies, true);
    const older = evaluateApplicability(cve, device(app('openssl', 'openssl', '1.0.0')));
    assert.equal(older.applies, false);
    assert.ok(older.nearMisses.some((m) => m.includes('below versionStartIncluding 1.0.1')));
  });
});

describe('MS17-010 CVE-2017-0143..0148 (real NVD records)', () => {
  const ids = ['0143', '0144', '0145', '0146', '0147', '0148'].map((n) => `CVE-2017-${n}`);

  for (const id of ids) {
    it(`${id} applies to Windows 7 SP1 with SMBv1, as NVD's configuration 1 says`, () => {
      const result = evaluateApplicability(loadCve(`${id}.json`), device(windows7Sp1, smbv1));
      assert.equal(result.applies, true, result.reason);
      assert.equal(result.configurationIndex, 0);
      assert.ok(result.matches.some((m) => m.platform === windows7Sp1), 'the OS is part of the evidence');
    });
  }

  it('CVE-2017-0143 is an AND node: SMBv1 application running on Windows 7 SP1', () => {
    const result = evaluateApplicability(loadCve('CVE-2017-0143.json'), device(windows7Sp1, smbv1));
    assert.equal(
      result.reason,
      'CVE-2017-0143 applies (configuration 1): server_message_block 1.0 matches cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:* running on windows_7 - sp1 matches cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*',
    );
    assert.deepEqual(result.matches.map((m) => m.vulnerable), [true, false]);
  });

  it('without SMBv1 in the inventory the AND is unmet, and the near miss says so', () => {
    const result = evaluateApplicability(loadCve('CVE-2017-0143.json'), device(windows7Sp1));
    assert.equal(result.applies, false);
    assert.ok(result.nearMisses.some((m) => m.startsWith('partly met: windows_7 - sp1') && m.includes('server_message_block')));
  });

  it('CVE-2017-0147 lists Windows 7 SP1 itself as vulnerable, so the OS alone is enough', () => {
    assert.equal(evaluateApplicability(loadCve('CVE-2017-0147.json'), device(windows7Sp1)).applies, true);
  });

  it('SMBv1 alone (no affected OS) does not apply, nor does Windows 7 without SP1', () => {
    assert.equal(evaluateApplicability(loadCve('CVE-2017-0143.json'), device(smbv1)).applies, false);
    const rtm = 'cpe:2.3:o:microsoft:windows_7:-:-:*:*:*:*:*:*';
    assert.equal(evaluateApplicability(loadCve('CVE-2017-0143.json'), device(rtm, smbv1)).applies, false);
  });

  it('a device CPE with an unknown update only matches when subset matching is allowed', () => {
    const vague = 'cpe:2.3:o:microsoft:windows_7:-:*:*:*:*:*:*:*';
    const cve = loadCve('CVE-2017-0147.json');
    assert.equal(evaluateApplicability(cve, device(vague)).applies, false);
    assert.equal(evaluateApplicability(cve, { ...device(vague), allowSubset: true }).applies, true);
  });
});

describe('the four bound kinds', () => {
  it('versionEndIncluding is inclusive (CVE-2017-0146, Siemens firmware [4.0, 4.0e] on hardware)', () => {
    const cve = loadCve('CVE-2017-0146.json');
    const hardware = 'cpe:2.3:h:siemens:acuson_sc2000:-:*:*:*:*:*:*:*';
    const firmware = (v: string): string => `cpe:2.3:o:siemens:acuson_sc2000_firmware:${v}:*:*:*:*:*:*:*`;
    const at = evaluateApplicability(cve, device(firmware('4.0e'), hardware));
    assert.equal(at.applies, true);
    assert.match(at.reason, /acuson_sc2000_firmware 4\.0e in \[4\.0, 4\.0e\] running on acuson_sc2000 -/);
    assert.equal(evaluateApplicability(cve, device(firmware('4.0f'), hardware)).applies, false);
    assert.equal(evaluateApplicability(cve, device(firmware('4.0e'))).applies, false, 'firmware without its hardware');
  });

  it('versionEndIncluding on an application (CVE-2020-13595, esp-idf [4.0.0, 4.2] on esp32)', () => {
    const cve = loadCve('osv-CVE-2020-13595.json');
    const esp32 = 'cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*';
    assert.equal(evaluateApplicability(cve, device(app('espressif', 'esp-idf', '4.2'), esp32)).applies, true);
    assert.equal(evaluateApplicability(cve, device(app('espressif', 'esp-idf', '4.2.1'), esp32)).applies, false);
    assert.equal(evaluateApplicability(cve, device(app('espressif', 'esp-idf', '4.0.0'), esp32)).applies, true);
    assert.equal(evaluateApplicability(cve, device(app('espressif', 'esp-idf', '3.3.4'), esp32)).applies, false);
  });

  // CONSTRUCTED record (see testdata/SOURCES.md): the corpus has neither negate nor versionStartExcluding.
  describe('constructed record: versionStartExcluding and a negated node', () => {
    const cve = loadCve('constructed-negate-start-excluding.json');
    const widget = (v: string): string => app('example', 'widget', v);
    const hardened = 'cpe:2.3:o:example:hardened_os:3:*:*:*:*:*:*:*';
    const other = 'cpe:2.3:o:example:plain_os:3:*:*:*:*:*:*:*';

    it('versionStartExcluding excludes the bound itself', () => {
      assert.equal(evaluateApplicability(cve, device(widget('1.0'), other)).applies, false);
      assert.equal(evaluateApplicability(cve, device(widget('1.0.1'), other)).applies, true);
      assert.equal(evaluateApplicability(cve, device(widget('1.4'), other)).applies, true);
      assert.equal(evaluateApplicability(cve, device(widget('1.5'), other)).applies, false);
    });

    it('the negated node excludes devices that run the listed OS, and says why', () => {
      const excluded = evaluateApplicability(cve, device(widget('1.2'), hardened));
      assert.equal(excluded.applies, false);
      assert.ok(excluded.nearMisses.some((m) => m.startsWith('excluded by negated node: device has hardened_os 3')));
      const included = evaluateApplicability(cve, device(widget('1.2'), other));
      assert.match(included.reason, /widget 1\.2 in \(1\.0, 1\.4\]; negated node satisfied: device has none of cpe:2\.3:o:example:hardened_os/);
    });
  });

  it('uses the product scheme when given (dpkg ordering for a Debian package version)', () => {
    const cve = loadCve('CVE-2014-0160.json');
    const debianPatched = { platforms: [{ cpe: app('openssl', 'openssl', '1.0.1e-2+deb7u5'), scheme: 'dpkg' as const }] };
    // NVD ranges speak of upstream versions; 1.0.1e-2+deb7u5 is still upstream 1.0.1e, so NVD
    // data alone calls it vulnerable even though Debian backported the fix: a known limitation.
    assert.equal(evaluateApplicability(cve, debianPatched).applies, true);
  });
});
