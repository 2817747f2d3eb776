import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { EvidenceRecord, ObservationRecord } from '../evidence.js';
import type { EvidenceFormat } from '../evidence-format.js';
import { detectFormat } from '../detect-format.js';
import { defenderAvHealthFormat } from './defender-av-health.js';
import { defenderMachinesFormat } from './defender-machines.js';
import { scaObservations } from './defender-sca-observations.js';
import { defenderSecureConfigFormat } from './defender-secure-config.js';
import { defenderSoftwareFormat } from './defender-software.js';
import { defenderVulnerabilitiesFormat } from './defender-vulnerabilities.js';
import { assertOnlyUnreadable, assertUnreadable, ofKind, parseBytes, parseFile, testdata } from './format-test-support.js';

const folders: [RegExp, string][] = [
  [/machines|other-entity/, 'defender-machines'],
  [/software/, 'defender-software'],
  [/vulnerabilit|advanced-hunting-root|report_/, 'defender-vulnerabilities'],
  [/secure-config|export-files/, 'defender-secure-config'],
  [/av-health/, 'defender-av-health'],
];
const file = (name: string): string => `${folders.find(([pattern]) => pattern.test(name))?.[1] ?? 'defender'}/${name}`;
const head = (name: string): string => readFileSync(new URL(file(name), testdata), 'utf8').slice(0, 1024);

function counts(records: EvidenceRecord[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const record of records) result[record.kind] = (result[record.kind] ?? 0) + 1;
  return result;
}

function observationsOf(records: EvidenceRecord[], assetRef: string): Record<string, ObservationRecord['value']> {
  return Object.fromEntries(ofKind(records, 'observation').filter((o) => o.assetRef === assetRef).map((o) => [o.key, o.value]));
}

const ws0142 = 'defender:4f8b2c1d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c';
const pacs = 'defender:a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const ws0388 = 'defender:0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e';

describe('Defender formats: detection', () => {
  const cases: [string, string][] = [
    ['machines-page.json', 'defender-machines'],
    ['machines-portal.csv', 'defender-machines'],
    ['software-inventory.json', 'defender-software'],
    ['software-inventory-files.jsonl', 'defender-software'],
    ['software-advanced-hunting.csv', 'defender-software'],
    ['vulnerabilities.json', 'defender-vulnerabilities'],
    ['secure-config.json', 'defender-secure-config'],
    ['av-health.json', 'defender-av-health'],
    ['av-health-portal.csv', 'defender-av-health'],
  ];
  for (const [name, id] of cases) {
    it(`recognises ${name} as ${id} from its first KiB`, () => {
      assert.equal(detectFormat({ fileName: name, head: head(name) }).id, id);
    });
  }

  it('leaves other formats alone', () => {
    for (const other of ['device-inventory-csv/intune-export.csv', 'device-inventory-csv/configmgr-export.csv', 'osquery/programs.json', 'cyclonedx-json/jake2.json']) {
      const sample = { fileName: other, head: readFileSync(new URL(other, testdata), 'utf8').slice(0, 1024) };
      assert.ok(!detectFormat(sample).id.startsWith('defender-'), other);
    }
  });
});

describe('defender-machines', () => {
  it('reads an /api/machines page: assets with OS, addresses and Defender state', async () => {
    const records = await parseFile(defenderMachinesFormat, file('machines-page.json'));
    assert.deepEqual(counts(records), { asset: 3, observation: 20 });
    const [first] = ofKind(records, 'asset');
    assert.deepEqual(first, {
      kind: 'asset',
      assetRef: ws0142,
      assetKind: 'end-user-device',
      hostname: 'ws-0142',
      fqdn: 'ws-0142.trust.example.nhs.uk',
      ipAddresses: ['10.41.12.87', 'fe80::1c4b:9a2f:7e11:5d30'],
      macAddresses: ['3C7C3F5A91E2'],
      os: { name: 'Windows 11', family: 'windows', build: '10.0.22631.4460', version: '23H2', architecture: '64-bit' },
      lastSeenAt: '2026-11-27T22:41:07.553Z',
      externalIds: { defender: '4f8b2c1d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c', entra: '6c1f0b52-8e4a-4d7c-9a3b-2f5e8d1c7a40' },
      location: { file: 'machines-page.json', line: 4, path: '/0/value/0' },
    });
    assert.deepEqual(observationsOf(records, ws0142), {
      'defender.health_status': 'Active',
      'defender.onboarding_status': 'Onboarded',
      'edr.onboarded': true,
      'defender.exposure_level': 'Medium',
      'defender.risk_score': 'Medium',
      'defender.device_group': 'Clinical workstations',
      'defender.tags': 'ED; Shared',
    });
    const server = ofKind(records, 'asset').find((a) => a.assetRef === pacs);
    assert.equal(server?.assetKind, 'server');
    assert.deepEqual(server?.os, { name: 'Windows Server 2019', family: 'windows', build: '10.0.17763.6532', version: '1809', architecture: '64-bit' });
    // Only the build number is known: Windows 10 builds are 10.0.<build>.
    assert.equal(ofKind(records, 'asset').find((a) => a.assetRef === ws0388)?.os?.build, '10.0.18363');
  });

  it('reads the portal CSV export with its captions', async () => {
    const records = await parseFile(defenderMachinesFormat, file('machines-portal.csv'));
    assert.deepEqual(counts(records), { asset: 3, observation: 18 });
    const printer = ofKind(records, 'asset').find((a) => a.hostname === 'printer-3f-east');
    assert.equal(printer?.location?.line, 4);
    assert.equal(observationsOf(records, printer?.assetRef ?? '')['edr.onboarded'], false);
    assert.deepEqual(ofKind(records, 'asset')[0]?.ipAddresses, ['10.41.12.87']);
    assert.equal(ofKind(records, 'asset')[0]?.lastSeenAt, '2026-11-27T22:41:07.000Z');
  });

  it('reads several pages one after another and a JSON array of pages alike', async () => {
    const page = readFileSync(new URL(file('machines-page.json'), testdata), 'utf8');
    const second = page.replaceAll('4f8b2c1d', '5f8b2c1d').replaceAll('a1b2c3d4', 'b1b2c3d4').replaceAll('0d9e8f7a', '1d9e8f7a');
    const concatenated = await parseBytes(defenderMachinesFormat, `${page}\n${second}`, 'machines.json', 13);
    assert.equal(ofKind(concatenated, 'asset').length, 6);
    assert.equal(ofKind(concatenated, 'asset')[3]?.location?.path, '/1/value/0');
    const array = await parseBytes(defenderMachinesFormat, `[${page},\n${second}]`, 'machines.json', 29);
    assert.deepEqual(array.map((r) => r.kind), concatenated.map((r) => r.kind));
    assert.equal(ofKind(array, 'asset')[3]?.location?.path, '/0/1/value/0');
  });

  it('refuses a page of another Defender entity, naming it', async () => {
    await assertUnreadable(parseFile(defenderMachinesFormat, file('av-health.json')), { file: 'av-health.json', line: 1, path: '/0' });
  });
});

describe('defender-software', () => {
  it('reads a SoftwareInventoryByMachine page: one asset per device, one software per row', async () => {
    const records = await parseFile(defenderSoftwareFormat, file('software-inventory.json'));
    assert.deepEqual(counts(records), { asset: 2, software: 4 });
    assert.deepEqual(ofKind(records, 'software')[2], {
      kind: 'software',
      assetRef: pacs,
      name: 'log4j',
      vendor: 'apache',
      version: '2.14.1',
      cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
      source: 'defender:software-inventory',
      location: { file: 'software-inventory.json', line: 45, path: '/0/value/2' },
    });
  });

  it('reads the "via files" JSON lines and a PascalCase advanced-hunting CSV', async () => {
    const lines = await parseFile(defenderSoftwareFormat, file('software-inventory-files.jsonl'));
    assert.deepEqual(counts(lines), { asset: 1, software: 3 });
    assert.deepEqual(ofKind(lines, 'software')[1]?.location, { file: 'software-inventory-files.jsonl', line: 2, path: '/1' });
    const csv = await parseFile(defenderSoftwareFormat, file('software-advanced-hunting.csv'));
    assert.deepEqual(counts(csv), { asset: 1, software: 2 });
    assert.deepEqual(
      ofKind(csv, 'software').map((s) => [s.vendor, s.name, s.version]),
      [['google', 'chrome', '129.0.6668.101'], ['microsoft', 'office', '16.0.4266.1001']],
    );
  });
});

describe('defender-vulnerabilities', () => {
  it('keeps Defender\'s verdicts as findings of tool "defender"', async () => {
    const records = await parseFile(defenderVulnerabilitiesFormat, file('vulnerabilities.json'));
    assert.deepEqual(counts(records), { asset: 2, finding: 4 });
    const windows = ofKind(records, 'finding')[1];
    assert.deepEqual(windows, {
      kind: 'finding',
      assetRef: ws0142,
      tool: 'defender',
      checkId: 'CVE-2024-49039:microsoft:windows_11:10.0.22631.4460',
      title: 'CVE-2024-49039 in microsoft windows_11 10.0.22631.4460',
      severity: 'high',
      cves: ['CVE-2024-49039'],
      cvss: [{ version: '3.1', baseScore: 8.8 }],
      solution: 'Install November 2024 Security Updates 5046633 https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB5046633',
      firstSeenAt: '2024-11-13T04:52:10.000Z',
      lastSeenAt: '2026-11-27T22:41:07.000Z',
      output: 'exploitability: ExploitIsVerified\nsecurity update available: true\nrecommendation: va-_-microsoft-_-windows_11',
      location: { file: 'vulnerabilities.json', line: 30, path: '/0/value/1' },
    });
    assert.deepEqual(ofKind(records, 'finding').map((f) => f.severity), ['high', 'high', 'critical', 'critical']);
  });

  it('reports a truncated page with its line and path, and a wrong root naming what is missing', async () => {
    await assertUnreadable(parseFile(defenderVulnerabilitiesFormat, file('broken-truncated-vulnerabilities.json')), { file: 'broken-truncated-vulnerabilities.json', line: 1, path: '/0' });
    await assertUnreadable(parseFile(defenderVulnerabilitiesFormat, file('broken-advanced-hunting-root.json')), { file: 'broken-advanced-hunting-root.json', line: 1, path: '/0' });
  });

  it('names the row of invalid JSON inside a page', async () => {
    const page = readFileSync(new URL(file('vulnerabilities.json'), testdata), 'utf8').replace('"cvssScore": 10.0,', '"cvssScore": 10.0,,');
    await assertUnreadable(parseBytes(defenderVulnerabilitiesFormat, page, 'vulns.json'), { file: 'vulns.json', line: 70, column: 31, path: '/0' });
  });

  it('skips rows the delta export marks as fixed', async () => {
    const row = (status: string) => `{"deviceId":"d1","deviceName":"pc1","cveId":"CVE-2024-1","status":"${status}","cvssScore":5}`;
    const records = await parseBytes(defenderVulnerabilitiesFormat, `${row('New')}\n${row('Fixed')}\n`, 'delta.json');
    assert.equal(ofKind(records, 'finding').length, 1);
  });
});

describe('defender-secure-config', () => {
  it('maps configuration ids to Ward observations per device', async () => {
    const records = await parseFile(defenderSecureConfigFormat, file('secure-config.json'));
    assert.deepEqual(counts(records), { asset: 2, observation: 7 });
    assert.deepEqual(observationsOf(records, ws0142), {
      'firewall.enabled': true,
      'smb1.enabled': false,
      'autorun.enabled': true,
      'av.realtime_protection': true,
      'av.tamper_protection': true,
    });
    // scid-70 is not applicable on the server: autorun stays unobserved there.
    assert.deepEqual(observationsOf(records, pacs), { 'firewall.enabled': false, 'smb1.enabled': true });
    const firewall = ofKind(records, 'observation').find((o) => o.key === 'firewall.enabled');
    assert.equal(firewall?.observedAt, '2026-11-27T22:41:07.553Z');
    assert.equal(firewall?.source, 'defender:secure-configuration');
  });

  it('has a note for every mapping', () => {
    for (const [id, mapping] of Object.entries(scaObservations)) {
      assert.match(id, /^scid-\d+$/);
      assert.ok(mapping.note.length > 20, id);
    }
  });

  it('refuses the "via files" answer that lists download URLs', async () => {
    await assertUnreadable(parseFile(defenderSecureConfigFormat, file('broken-export-files.json')), { file: 'broken-export-files.json', line: 1 });
  });
});

describe('defender-av-health', () => {
  it('reads /api/deviceavinfo: presence, mode, versions and signature age at report time', async () => {
    const records = await parseFile(defenderAvHealthFormat, file('av-health.json'));
    assert.deepEqual(counts(records), { asset: 3, observation: 26 });
    assert.deepEqual(observationsOf(records, ws0142), {
      'av.present': true,
      'av.product': 'Microsoft Defender Antivirus',
      'av.mode': 'active',
      'av.enabled': true,
      'av.signature_version': '1.421.1310.0',
      'av.engine_version': '1.1.24100.5',
      'av.platform_version': '4.18.24100.7',
      'av.signature_up_to_date': true,
      'av.signature_age_days': 0,
    });
    // Passive: another product is primary, so Defender cannot say whether antivirus is on.
    assert.equal(observationsOf(records, pacs)['av.enabled'], undefined);
    assert.equal(observationsOf(records, pacs)['av.mode'], 'passive');
    assert.equal(observationsOf(records, ws0388)['av.enabled'], false);
    assert.equal(observationsOf(records, ws0388)['av.signature_age_days'], 84);
  });

  it('reads the portal CSV export', async () => {
    const records = await parseFile(defenderAvHealthFormat, file('av-health-portal.csv'));
    assert.deepEqual(counts(records), { asset: 2, observation: 18 });
    assert.equal(observationsOf(records, ws0388)['av.signature_age_days'], 84);
    assert.equal(observationsOf(records, ws0388)['av.mode'], 'disabled');
  });

  it('refuses bad encoding with its line', async () => {
    await assertUnreadable(parseFile(defenderAvHealthFormat, file('broken-latin1-av-health.csv')), { file: 'broken-latin1-av-health.csv', line: 3 });
  });
});

describe('Defender formats: hostile input', () => {
  const formats: EvidenceFormat[] = [defenderMachinesFormat, defenderSoftwareFormat, defenderVulnerabilitiesFormat, defenderSecureConfigFormat, defenderAvHealthFormat];

  it('refuses empty files, scalar roots and unclosed arrays with a location', async () => {
    for (const format of formats) {
      await assertUnreadable(parseBytes(format, '  \n', 'empty.json'), { file: 'empty.json' });
      const row = '{"id":"x","deviceId":"d","computerDnsName":"n","softwareName":"s","cveId":"CVE-2024-1","configurationId":"scid-1","avMode":"0"}';
      await assertUnreadable(parseBytes(format, `[${row},\n 42]`, 'scalar.json'), { file: 'scalar.json', line: 2, column: 2 });
      await assertUnreadable(parseBytes(format, '[\n', 'open.json'), { file: 'open.json' });
    }
  });

  it('only ever fails with INGEST_UNREADABLE on arbitrary bytes and cut pages', async () => {
    const page = readFileSync(new URL(file('vulnerabilities.json'), testdata));
    const cuts = fc.integer({ min: 0, max: page.length }).map((n) => new Uint8Array(page.subarray(0, n)));
    await assertOnlyUnreadable(defenderVulnerabilitiesFormat, fc.oneof(fc.uint8Array({ maxLength: 200 }), cuts), 'fuzz.json');
  });
});

describe('defender-vulnerabilities: the older machinesVulnerabilities shape (DefectDojo samples)', () => {
  it('reads machineId, product and severity under their older names', async () => {
    const many = await parseFile(defenderVulnerabilitiesFormat, file('report_many_vulns.json'));
    assert.deepEqual(counts(many), { asset: 1, finding: 4 });
    const [first] = ofKind(many, 'finding');
    assert.equal(first?.assetRef, 'defender:wjeriowerjoiewrjoweirjeowij');
    assert.equal(first?.title, 'CVE-1234-5678 in packagvendor tools 1.2.3.4');
    assert.equal(first?.severity, 'low');
    assert.equal(detectFormat({ fileName: 'report_one_vuln.json', head: head('report_one_vuln.json') }).id, 'defender-vulnerabilities');
  });
});
