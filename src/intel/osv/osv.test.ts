import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { distroOfEcosystem, distroOfSystem, judgeOsvPackage, readOsvJson, readOsvRecord } from './index.js';

const record = (file: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/osv/${file}`, import.meta.url), 'utf8'));

describe('OSV reader', () => {
  it('reads Ubuntu\'s record for CVE-2024-3094 with its releases and binary packages', () => {
    const osv = readOsvRecord(record('UBUNTU-CVE-2024-3094.json'));
    assert.equal(osv.id, 'UBUNTU-CVE-2024-3094');
    assert.deepEqual(osv.cves, ['CVE-2024-3094']);
    assert.deepEqual(osv.affected.map((a) => a.distro), ['ubuntu:20.04', 'ubuntu:22.04', 'ubuntu:24.04']);
    assert.ok(osv.affected[2]?.binaries.includes('liblzma5'));
  });

  it('reads AlmaLinux\'s ALSA-2022:5267 (kernel-rt, four related CVEs)', () => {
    const osv = readOsvRecord(record('ALSA-2022-5267.json'));
    assert.deepEqual(osv.cves, ['CVE-2022-1012', 'CVE-2022-1729', 'CVE-2022-1966', 'CVE-2022-27666']);
    assert.equal(osv.affected.length, 12);
    assert.equal(osv.affected[0]?.distro, 'almalinux:9');
  });

  it('refuses what is not OSV and keeps going past a bad record in a list', () => {
    assert.throws(() => readOsvRecord({ id: 'X' }), /not an OSV record/);
    const { records, warnings } = readOsvJson({ vulns: [record('ALSA-2022-5267.json'), { nope: true }] }, 'answer.json');
    assert.equal(records.length, 1);
    assert.equal(warnings.length, 1);
  });
});

describe('distribution releases', () => {
  it('keys OSV ecosystems and device operating systems alike', () => {
    assert.equal(distroOfEcosystem('Debian:12'), 'debian:12');
    assert.equal(distroOfEcosystem('Ubuntu:Pro:18.04:LTS'), 'ubuntu:18.04');
    assert.equal(distroOfEcosystem('Alpine:v3.19'), 'alpine:3.19');
    assert.equal(distroOfEcosystem('Rocky Linux:9'), 'rocky:9');
    assert.equal(distroOfEcosystem('Red Hat:enterprise_linux:9::appstream'), 'redhat:9');
    assert.equal(distroOfEcosystem('PyPI'), undefined);
    assert.equal(distroOfSystem({ name: 'Ubuntu 24.04.1 LTS' }), 'ubuntu:24.04');
    assert.equal(distroOfSystem({ name: 'Debian GNU/Linux 12 (bookworm)' }), 'debian:12');
    assert.equal(distroOfSystem({ name: 'AlmaLinux', version: '9.4' }), 'almalinux:9');
    assert.equal(distroOfSystem({ name: 'Alpine Linux v3.19.1' }), 'alpine:3.19');
    assert.equal(distroOfSystem({ name: 'Microsoft Windows 11 Pro' }), undefined);
  });
});

describe('judging a package version with OSV', () => {
  const xz = readOsvRecord(record('UBUNTU-CVE-2024-3094.json'));
  const noble = xz.affected[2];
  const jammy = xz.affected[1];
  const kernel = readOsvRecord(record('ALSA-2022-5267.json')).affected[0];

  it('says Ubuntu 24.04\'s xz-utils 5.6.1+really5.4.5-1ubuntu0.2 is not affected: at or above 5.4.5-0.3 in dpkg order', () => {
    assert.ok(noble);
    const verdict = judgeOsvPackage(noble, '5.6.1+really5.4.5-1ubuntu0.2');
    assert.equal(verdict?.affected, false);
    assert.match(verdict?.reason ?? '', /at or above the fixed version 5\.4\.5-0\.3/);
  });

  it('says jammy\'s 5.2.5-2 (listed) and 5.2.5-2build1 are affected and 5.2.5-2ubuntu1 is fixed', () => {
    assert.ok(jammy);
    assert.equal(judgeOsvPackage(jammy, '5.2.5-2')?.affected, true);
    assert.deepEqual(judgeOsvPackage(jammy, '5.2.5-2build1'), { affected: true, reason: 'xz-utils 5.2.5-2build1 (Ubuntu:22.04:LTS) is listed as affected', fixedVersion: undefined });
    assert.equal(judgeOsvPackage(jammy, '5.2.5-2ubuntu1')?.affected, false);
  });

  it('orders AlmaLinux kernel releases with rpm: 5.14.0-70.13.1.el9_0 affected, 5.14.0-70.17.1.rt21.89.el9_0 fixed', () => {
    assert.ok(kernel);
    const before = judgeOsvPackage(kernel, '5.14.0-70.13.1.rt21.83.el9_0');
    assert.equal(before?.affected, true);
    assert.equal(before?.fixedVersion, '5.14.0-70.17.1.rt21.89.el9_0');
    assert.equal(judgeOsvPackage(kernel, '5.14.0-70.17.1.rt21.89.el9_0')?.affected, false);
  });

  it('uses apk order for Alpine and last_affected as an inclusive bound', () => {
    const alpine = { ecosystem: 'Alpine:v3.19', distro: 'alpine:3.19', name: 'busybox', binaries: [], versions: [], ranges: [{ type: 'ECOSYSTEM' as const, events: [{ introduced: '0' }, { last_affected: '1.36.1-r15' }] }] };
    assert.equal(judgeOsvPackage(alpine, '1.36.1-r15')?.affected, true);
    assert.equal(judgeOsvPackage(alpine, '1.36.1-r16')?.affected, false);
    assert.equal(judgeOsvPackage({ ...alpine, distro: undefined }, '1.0'), undefined);
  });
});
