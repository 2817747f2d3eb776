import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assertOnlyUnreadable, assertUnreadable, ofKind, parseBytes, parseFile, testdata } from './format-test-support.js';
import { createOsqueryFormat, osqueryFormat } from './osquery.js';

const fixture = (name: string): string => readFileSync(new URL(`osquery/${name}`, testdata), 'utf8');
const observation = (records: Awaited<ReturnType<typeof parseFile>>, key: string) =>
  ofKind(records, 'observation').find((o) => o.key === key);

describe('osquery results log (osqueryd filesystem logger)', () => {
  it('replays snapshot, batched and event lines of a Windows host', async () => {
    const records = await parseFile(osqueryFormat, 'osquery/windows-results.log');
    assert.equal(ofKind(records, 'asset').length, 1);
    assert.equal(ofKind(records, 'software').length, 8);
    assert.equal(ofKind(records, 'service').length, 5);
    assert.deepEqual(
      ofKind(records, 'observation')
        .map((o) => o.key)
        .sort(),
      [
        'autoupdate.enabled',
        'av.enabled',
        'av.present',
        'av.product',
        'av.signatures_up_to_date',
        'firewall.enabled',
        'hardware.cpu',
        'hardware.memory_bytes',
        'hardware.model',
        'hardware.vendor',
        'local_admins',
        'local_admins.members',
        'local_users',
        'security_center.antivirus',
        'security_center.autoupdate',
        'security_center.firewall',
        'security_center.internet_settings',
        'security_center.user_account_control',
        'security_center.windows_security_center_service',
        'smb1.enabled',
        'uac.enabled',
      ],
    );
    const warnings = ofKind(records, 'warning');
    assert.equal(warnings.length, 1);
    assert.deepEqual(warnings[0]?.location, { file: 'windows-results.log', line: 13 });
    assert.match(warnings[0]?.message ?? '', /pack_ward_processes/);

    assert.deepEqual(ofKind(records, 'asset')[0], {
      kind: 'asset',
      assetRef: 'NHS-WS-0142',
      assetKind: 'end-user-device',
      hostname: 'NHS-WS-0142',
      serialNumber: '5B2RJX2',
      ipAddresses: [],
      macAddresses: [],
      os: {
        name: 'Microsoft Windows 10 Enterprise',
        family: 'windows',
        build: '10.0.19045.4170',
        edition: 'Enterprise',
        architecture: '64-bit',
      },
      lastSeenAt: '2024-03-20T09:12:44.000Z',
      externalIds: {
        osqueryUuid: '4C4C4544-0042-3510-8052-B4C04F4A3432',
        osqueryHostIdentifier: 'NHS-WS-0142',
      },
      location: { file: 'windows-results.log', line: 1 },
    });
  });

  it('drops rows that a later differential line removed and keeps added ones', async () => {
    const records = await parseFile(osqueryFormat, 'osquery/windows-results.log');
    const names = ofKind(records, 'software').map((s) => s.name);
    assert.ok(!names.includes('Java 8 Update 202'), 'Java was removed on line 4');
    assert.ok(names.includes('Notepad++ (64-bit x64)'));
    assert.deepEqual(
      ofKind(records, 'software').find((s) => s.name === 'KB5035942'),
      {
        kind: 'software',
        assetRef: 'NHS-WS-0142',
        name: 'KB5035942',
        vendor: 'Microsoft',
        packageType: 'windows-update',
        installedAt: '2024-03-20',
        source: 'osquery:patches',
        location: { file: 'windows-results.log', line: 6 },
      },
    );
  });

  it('derives security observations', async () => {
    const records = await parseFile(osqueryFormat, 'osquery/windows-results.log');
    const value = (key: string) => observation(records, key)?.value;
    assert.equal(value('av.present'), true);
    assert.equal(value('av.enabled'), true);
    assert.equal(value('av.product'), 'Sophos Anti-Virus');
    assert.equal(value('av.signatures_up_to_date'), true);
    assert.equal(value('firewall.enabled'), true);
    assert.equal(observation(records, 'firewall.enabled')?.source, 'osquery:windows_security_products');
    assert.equal(value('uac.enabled'), false);
    assert.equal(value('smb1.enabled'), true);
    assert.equal(value('local_admins'), 2);
    assert.equal(value('local_admins.members'), 'Administrator, itsupport');
    assert.deepEqual(observation(records, 'smb1.enabled'), {
      kind: 'observation',
      assetRef: 'NHS-WS-0142',
      key: 'smb1.enabled',
      value: true,
      observedAt: '2024-03-18T09:12:44.000Z',
      source: 'osquery:windows_optional_features',
      location: { file: 'windows-results.log', line: 11 },
    });
    const ports = ofKind(records, 'service').map((s) => `${s.protocol}/${s.port}`);
    assert.deepEqual(ports.sort(), ['tcp/135', 'tcp/3389', 'tcp/445', 'udp/137', 'udp/5353']);
  });

  it('reads a Linux host, with a torn last line as a warning', async () => {
    const records = await parseFile(osqueryFormat, 'osquery/linux-results.log');
    assert.equal(ofKind(records, 'asset').length, 1);
    assert.equal(ofKind(records, 'software').length, 3);
    assert.equal(ofKind(records, 'service').length, 1, 'the UNIX socket is not a service');
    assert.deepEqual(
      ofKind(records, 'warning').map((w) => w.location),
      [{ file: 'linux-results.log', line: 5 }],
    );
    const asset = ofKind(records, 'asset')[0];
    assert.equal(asset?.hostname, 'pacs-gw-01');
    assert.equal(asset?.fqdn, 'pacs-gw-01.trust.nhs.uk');
    assert.deepEqual(asset?.os, {
      name: 'Ubuntu 22.04.4 LTS (Jammy Jellyfish)',
      family: 'linux',
      version: '22.04.4',
      architecture: 'x86_64',
    });
    assert.deepEqual(ofKind(records, 'software')[1], {
      kind: 'software',
      assetRef: 'pacs-gw-01.trust.nhs.uk',
      name: 'openssh-server',
      version: '1:8.9p1-3ubuntu0.7',
      packageType: 'deb',
      purl: 'pkg:deb/ubuntu/openssh-server@1:8.9p1-3ubuntu0.7?arch=amd64',
      source: 'osquery:deb_packages',
      location: { file: 'linux-results.log', line: 3 },
    });
    assert.equal(observation(records, 'kernel.version')?.value, '5.15.0-107-generic');
  });
});

describe('osqueryi --json output', () => {
  it('infers programs from the columns', async () => {
    const records = await parseFile(osqueryFormat, 'osquery/programs.json');
    assert.equal(ofKind(records, 'software').length, 3);
    assert.equal(ofKind(records, 'warning').length, 1, 'no host named');
    assert.deepEqual(ofKind(records, 'software')[1], {
      kind: 'software',
      assetRef: 'osquery:programs.json',
      name: 'Adobe Acrobat Reader DC',
      vendor: 'Adobe',
      version: '23.008.20470',
      installedAt: '2024-03-02',
      source: 'osquery:programs',
      location: { file: 'programs.json', path: '/1' },
    });
  });

  it('makes system_info the asset', async () => {
    const records = await parseFile(osqueryFormat, 'osquery/system_info.json');
    assert.equal(ofKind(records, 'warning').length, 0);
    assert.deepEqual(ofKind(records, 'asset'), [
      {
        kind: 'asset',
        assetRef: 'NHS-LT-0077',
        assetKind: 'unknown',
        hostname: 'NHS-LT-0077',
        serialNumber: '8HQ9KM3',
        ipAddresses: [],
        macAddresses: [],
        externalIds: { osqueryUuid: '4C4C4544-0048-5110-8039-B8C04F4B4D33' },
        location: { file: 'system_info.json', line: 1 },
      },
    ]);
    assert.equal(observation(records, 'hardware.memory_bytes')?.value, 16856084480);
  });

  it('reads macOS apps with the name Finder shows', async () => {
    const records = await parseFile(osqueryFormat, 'osquery/apps.json');
    assert.deepEqual(
      ofKind(records, 'software').map((s) => [s.name, s.version]),
      [
        ['Google Chrome', '123.0.6312.59'],
        ['zoom.us', '5.17.11 (31580)'],
      ],
    );
  });

  it('falls back to the file name when columns are a partial select', async () => {
    const records = await parseBytes(osqueryFormat, '[{"hotfix_id":"KB4012212"}]', 'patches.json');
    assert.equal(ofKind(records, 'software')[0]?.name, 'KB4012212');
    const unknown = await parseBytes(osqueryFormat, '[{"pid":"4","name":"System"}]', 'processes.json');
    assert.deepEqual(ofKind(unknown, 'software'), []);
    assert.equal(ofKind(unknown, 'warning').length, 1);
  });
});

describe('osquery detect', () => {
  it('recognises its own files and not others', () => {
    for (const name of [
      'windows-results.log',
      'linux-results.log',
      'programs.json',
      'system_info.json',
      'apps.json',
    ]) {
      assert.equal(osqueryFormat.detect({ fileName: name, head: fixture(name).slice(0, 1024) }), true, name);
    }
    assert.equal(
      osqueryFormat.detect({ fileName: 'bom.json', head: '{"bomFormat":"CycloneDX","specVersion":"1.5"}' }),
      false,
    );
    assert.equal(osqueryFormat.detect({ fileName: 'report.dat', head: '# Lynis Report\nos=Linux\n' }), false);
    assert.equal(osqueryFormat.detect({ fileName: 'devices.csv', head: 'hostname,serial\n' }), false);
  });
});

describe('osquery broken files', () => {
  it('reports a truncated JSON array with its line', async () => {
    const text = fixture('programs.json');
    const cut = text.slice(0, text.indexOf('Adobe'));
    await assertUnreadable(parseBytes(osqueryFormat, cut, 'programs.json'), {
      file: 'programs.json',
      line: 3,
    });
  });

  it('rejects another format on its first line', async () => {
    await assertUnreadable(parseBytes(osqueryFormat, '# Lynis Report\nos=Linux\n', 'report.dat'), {
      file: 'report.dat',
      line: 1,
    });
    await assertUnreadable(
      parseBytes(
        osqueryFormat,
        'I0318 09:12:44.123 1234 init.cpp:123] osquery initialized\n',
        'osqueryd.INFO',
      ),
      { file: 'osqueryd.INFO', line: 1 },
    );
    await assertUnreadable(parseBytes(osqueryFormat, '{"bomFormat":"CycloneDX"}\n', 'bom.json'), {
      file: 'bom.json',
      line: 1,
    });
    await assertUnreadable(parseBytes(osqueryFormat, '  \n', 'empty.log'), { file: 'empty.log' });
  });

  it('reports bad encoding and binary garbage with the line', async () => {
    const first = fixture('linux-results.log').split('\n')[0] ?? '';
    const bytes = Buffer.concat([
      Buffer.from(`${first}\n`),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
    ]);
    await assertUnreadable(parseBytes(osqueryFormat, bytes, 'bad.log'), { file: 'bad.log', line: 2 });
    const nul = Buffer.concat([Buffer.from(`${first}\n${first}\n{"a":`), Buffer.from([0, 0, 0])]);
    await assertUnreadable(parseBytes(osqueryFormat, nul, 'nul.log'), { file: 'nul.log', line: 3 });
  });

  it('refuses a line longer than the limit, and an oversized document', async () => {
    const small = createOsqueryFormat({ maxDocumentBytes: 2048, maxLineBytes: 1024 });
    const first = fixture('linux-results.log').split('\n')[1] ?? '';
    const huge = `${first}\n${first}\n{"name":"x","snapshot":[{"a":"${'y'.repeat(4000)}"}]}\n`;
    await assertUnreadable(parseBytes(small, huge, 'huge.log', 512), { file: 'huge.log', line: 3 });
    await assertUnreadable(parseBytes(small, `[{"a":"${'y'.repeat(4000)}"}]`, 'huge.json', 512), {
      file: 'huge.json',
    });
  });

  it('survives deeply nested JSON without a stack overflow', async () => {
    const depth = 200_000;
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const records = await parseBytes(osqueryFormat, deep, 'deep.json', 65536);
    assert.ok(records.every((r) => r.kind === 'warning'));
    const line = `{"name":"programs","hostIdentifier":"h","snapshot":${deep}}\n`;
    const logged = await parseBytes(osqueryFormat, line, 'deep.log', 65536);
    assert.deepEqual(
      ofKind(logged, 'warning').map((w) => w.location),
      [{ file: 'deep.log', line: 1 }],
    );
    await assertUnreadable(parseBytes(osqueryFormat, '['.repeat(depth), 'deep-open.json', 65536), {
      file: 'deep-open.json',
      line: 1,
      column: depth + 1,
    });
  });
});

describe('osquery property: any input ends in records or INGEST_UNREADABLE', () => {
  const inputs = ['windows-results.log', 'programs.json'].map((name) => Buffer.from(fixture(name)));
  const arbitrary = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc
      .tuple(fc.constantFrom(...inputs), fc.nat(), fc.uint8Array({ maxLength: 16 }))
      .map(([whole, at, noise]) => Buffer.concat([whole.subarray(0, at % (whole.length + 1)), noise])),
  );
  it('never throws anything else and never hangs', { timeout: 60_000 }, async () => {
    await assertOnlyUnreadable(osqueryFormat, arbitrary, 'fuzz.log');
  });
});
