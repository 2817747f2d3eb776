import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchProductVersion, requirementHolds } from './match-product.js';
import { loadCve, readTestdata } from './nvd-test-support.js';
import { parseNvdJson } from './read-nvd.js';

const app = (vendor: string, product: string, version: string) => ({ cpe: `cpe:2.3:a:${vendor}:${product}:${version}:*:*:*:*:*:*:*` });

describe('matchProductVersion: one product version against whole configurations (real NVD records)', () => {
  it('Log4Shell: log4j 2.14.1 matches unconditionally with the first fixed version; 2.17.1 does not', () => {
    const log4shell = loadCve('CVE-2021-44228.json');
    const [match, ...rest] = matchProductVersion(log4shell, app('apache', 'log4j', '2.14.1'));
    assert.equal(rest.length, 0);
    assert.equal(match?.requires, undefined);
    assert.equal(match?.fixedVersion, '2.15.0');
    assert.match(match?.reason ?? '', /log4j 2\.14\.1 in \[2\.13\.0, 2\.15\.0\)/);
    assert.deepEqual(matchProductVersion(log4shell, app('apache', 'log4j', '2.17.1')), []);
  });

  it('an AND configuration "application on Windows or macOS" is split: the app half now, the platform half per device', () => {
    const [cve] = parseNvdJson(readTestdata('anchore-full-page.json'), 'anchore-full-page.json').filter((c) => c.id === 'CVE-2022-22377');
    assert.ok(cve);
    const [match] = matchProductVersion(cve, app('ibm', 'security_verify_privilege_on-premises', '11.4'));
    assert.ok(match?.requires);
    assert.equal(match.fixedVersion, '11.5');
    assert.match(match.reason, /when running on .*macos \| .*windows/);
    const windows = [{ cpe: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' }];
    const linux = [{ cpe: 'cpe:2.3:o:debian:debian_linux:12.0:*:*:*:*:*:*:*' }];
    assert.equal(requirementHolds(match.requires, windows).holds, true);
    assert.equal(requirementHolds(match.requires, linux).holds, false);
    assert.deepEqual(matchProductVersion(cve, app('ibm', 'security_verify_privilege_on-premises', '11.5')), []);
  });

  it('Heartbleed: openssl 1.0.1f yes, 1.0.1g no', () => {
    const heartbleed = loadCve('CVE-2014-0160.json');
    assert.equal(matchProductVersion(heartbleed, app('openssl', 'openssl', '1.0.1f')).length, 1);
    assert.deepEqual(matchProductVersion(heartbleed, app('openssl', 'openssl', '1.0.1g')), []);
  });
});
