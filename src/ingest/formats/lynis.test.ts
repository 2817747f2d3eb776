import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertUnreadable, ofKind, parseBytes, parseFile, testdata } from './format-test-support.js';
import { createLynisFormat, lynisFormat } from './lynis.js';

const fixture = (name: string): string => readFileSync(new URL(`lynis/${name}`, testdata), 'utf8');
const parse = (name: string) => parseFile(lynisFormat, `lynis/${name}`);

describe('Lynis report.dat', () => {
  it('counts findings, packages and observations on the real reports', async () => {
    // [file, warning[] + suggestion[] lines, packages (the report's own installed_packages)]
    const expected: [string, number, number][] = [
      ['lynis_many_vuln.dat', 38, 86],
      ['lynis_one_vuln.dat', 1, 0],
      ['lynis_no_vuln.dat', 0, 0],
    ];
    for (const [name, findings, software] of expected) {
      const records = await parse(name);
      assert.equal(ofKind(records, 'asset').length, 1, name);
      assert.equal(ofKind(records, 'finding').length, findings, name);
      assert.equal(ofKind(records, 'software').length, software, name);
      assert.equal(ofKind(records, 'warning').length, 0, name);
    }
  });

  it('reads the asset, a warning finding and the hardening index', async () => {
    const records = await parse('lynis_many_vuln.dat');
    assert.deepEqual(ofKind(records, 'asset')[0], {
      kind: 'asset',
      assetRef: '82103dde74c7',
      assetKind: 'unknown',
      hostname: '82103dde74c7',
      ipAddresses: [],
      macAddresses: [],
      credentialed: true,
      os: {
        name: 'Debian GNU/Linux 13 (trixie)',
        family: 'linux',
        version: '13',
        build: '6.18.33.2-microsoft-standard-WSL2',
      },
      scanStartedAt: '2026-07-31T00:00:00',
      scanEndedAt: '2026-07-31T00:00:30',
      location: { file: 'lynis_many_vuln.dat', line: 14 },
    });
    const warnings = ofKind(records, 'finding').filter((f) => f.severity === 'medium');
    assert.deepEqual(warnings, [
      {
        kind: 'finding',
        assetRef: '82103dde74c7',
        tool: 'lynis',
        checkId: 'LOGG-2138',
        title: 'klogd is not running, which could lead to missing kernel messages in log files',
        severity: 'medium',
        cves: [],
        cvss: [],
        location: { file: 'lynis_many_vuln.dat', line: 166 },
      },
    ]);
    const kernel = ofKind(records, 'finding').find((f) => f.checkId === 'KRNL-5788');
    assert.equal(kernel?.severity, 'low');
    assert.equal(kernel?.output, '/vmlinuz or /boot/vmlinuz');
    const value = (key: string) => ofKind(records, 'observation').find((o) => o.key === key)?.value;
    assert.equal(value('lynis.hardening_index'), 57);
    assert.equal(value('firewall.enabled'), true);
    assert.equal(value('av.present'), false);
    assert.equal(value('lynis.password_max_days'), -1);
    assert.equal(
      ofKind(records, 'observation').find((o) => o.key === 'lynis.hardening_index')?.observedAt,
      '2026-07-31T00:00:30',
    );
  });

  it('reads installed packages with a deb purl, architecture as a qualifier', async () => {
    const software = ofKind(await parse('lynis_many_vuln.dat'), 'software');
    assert.deepEqual(software[0], {
      kind: 'software',
      assetRef: '82103dde74c7',
      name: 'apt',
      version: '3.0.3',
      packageType: 'deb',
      purl: 'pkg:deb/debian/apt@3.0.3',
      source: 'lynis:installed_packages',
      location: { file: 'lynis_many_vuln.dat', line: software[0]?.location?.line },
    });
    assert.equal(
      software.find((s) => s.name === 'gcc-14-base:amd64')?.purl,
      'pkg:deb/debian/gcc-14-base@14.2.0-19?arch=amd64',
    );
  });

  it('detects report.dat and not other files', () => {
    assert.equal(
      lynisFormat.detect({ fileName: 'report.dat', head: fixture('lynis_one_vuln.dat').slice(0, 1024) }),
      true,
    );
    assert.equal(lynisFormat.detect({ fileName: 'x.csv', head: 'hostname,serial\n' }), false);
    assert.equal(lynisFormat.detect({ fileName: 'b.json', head: '{"bomFormat":"CycloneDX"}' }), false);
  });
});

describe('Lynis broken files', () => {
  it('warns when the report is truncated', async () => {
    const text = fixture('lynis_many_vuln.dat');
    const cut = text.slice(0, text.indexOf('warning[]=LOGG-2138') + 30);
    const records = await parseBytes(lynisFormat, cut, 'cut.dat');
    assert.equal(ofKind(records, 'asset').length, 1);
    assert.ok(
      ofKind(records, 'warning').some((w) => /finish=true/.test(w.message) && w.location?.file === 'cut.dat'),
    );
    assert.equal(ofKind(records, 'finding').filter((f) => f.checkId === 'LOGG-2138').length, 1);
  });

  it('rejects other formats at their first line', async () => {
    await assertUnreadable(parseBytes(lynisFormat, 'hostname,serial\npc1,1\n', 'inv.csv'), {
      file: 'inv.csv',
      line: 1,
    });
    await assertUnreadable(parseBytes(lynisFormat, '\n\n{"bomFormat":"CycloneDX"}\n', 'bom.json'), {
      file: 'bom.json',
      line: 3,
    });
    await assertUnreadable(parseBytes(lynisFormat, 'a=1\nb=2\n', 'kv.ini'), { file: 'kv.ini', line: 1 });
  });

  it('reports bad encoding, binary garbage and a huge line with the line number', async () => {
    const head = '# Lynis Report\nreport_version_major=1\nlynis_version=3.1.4\n';
    await assertUnreadable(
      parseBytes(
        lynisFormat,
        Buffer.concat([Buffer.from(`${head}hostname=`), Buffer.from([0xe9, 0x0a])]),
        'enc.dat',
      ),
      {
        file: 'enc.dat',
        line: 4,
      },
    );
    await assertUnreadable(
      parseBytes(
        lynisFormat,
        Buffer.concat([Buffer.from(head), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00])]),
        'elf.dat',
      ),
      {
        file: 'elf.dat',
        line: 4,
      },
    );
    const small = createLynisFormat({ maxLineBytes: 256 });
    await assertUnreadable(
      parseBytes(small, `${head}installed_packages_array=|${'pkg,1|'.repeat(100)}\n`, 'huge.dat', 50),
      {
        file: 'huge.dat',
        line: 4,
      },
    );
  });

  it('warns about a stray line in the middle of a report', async () => {
    const records = await parseBytes(
      lynisFormat,
      '# Lynis Report\nlynis_version=3.1.4\nhostname=h\n<<garbage>>\nfinish=true\n',
      's.dat',
    );
    assert.deepEqual(
      ofKind(records, 'warning').map((w) => w.location),
      [{ file: 's.dat', line: 4 }],
    );
  });
});
