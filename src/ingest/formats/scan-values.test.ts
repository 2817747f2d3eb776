import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assetKindFrom, operatingSystem } from './os-guess.js';
import { cveIds, cvssScore, isoDate, isoFromCtime, isoFromEpoch, parsePort, parseScore, severityFromScore } from './scan-values.js';

describe('scan values', () => {
  it('reads CVSS vectors in every spelling scanners use', () => {
    assert.deepEqual(cvssScore('CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5), { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5 });
    assert.deepEqual(cvssScore('(AV:N/AC:M/Au:N/C:C/I:C/A:C)', undefined), { version: '2.0', vector: 'AV:N/AC:M/Au:N/C:C/I:C/A:C' });
    assert.deepEqual(cvssScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, '3.0'), { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8 });
    assert.deepEqual(cvssScore('AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H', 9, '3.1'), { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 9 });
    assert.deepEqual(cvssScore(undefined, 5, '2.0'), { version: '2.0', baseScore: 5 });
    assert.equal(cvssScore('garbage', undefined), undefined);
    assert.equal(cvssScore(undefined, 5), undefined);
  });

  it('maps scores to NVD bands', () => {
    assert.deepEqual([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityFromScore), ['info', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    assert.equal(parseScore('11'), undefined);
    assert.equal(parseScore('-'), undefined);
  });

  it('reads dates, ports and CVE lists', () => {
    assert.equal(isoDate('2007/05/03'), '2007-05-03');
    assert.equal(isoFromCtime('Mon Jul  1 11:33:11 2013'), '2013-07-01T11:33:11.000Z');
    assert.equal(isoFromCtime('yesterday'), undefined);
    assert.equal(isoFromEpoch('1648042311'), '2022-03-23T13:31:51.000Z');
    assert.equal(parsePort('443'), 443);
    assert.equal(parsePort('general'), undefined);
    assert.equal(parsePort('70000'), undefined);
    assert.deepEqual(cveIds('CVE-2017-0143, cve-2017-0144 NOCVE CVE-2017-0143'), ['CVE-2017-0143', 'CVE-2017-0144']);
  });

  it('guesses OS family and device kind', () => {
    assert.deepEqual(operatingSystem('Microsoft Windows 7 Enterprise Service Pack 1'), { name: 'Microsoft Windows 7 Enterprise Service Pack 1', family: 'windows', servicePack: '1' });
    assert.equal(assetKindFrom(operatingSystem('Microsoft Windows 10 Pro')), 'end-user-device');
    assert.equal(assetKindFrom(operatingSystem('Microsoft Windows Server 2019 Standard')), 'server');
    assert.equal(assetKindFrom(operatingSystem('Cisco IOS 15.1')), 'network-device');
    assert.equal(assetKindFrom(operatingSystem('Linux 2.6.13 (embedded)'), 'WAP'), 'network-device');
    assert.equal(assetKindFrom(undefined), 'unknown');
  });
});
