import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isWardError } from '../../core/errors.js';
import { createDeviceInventoryFormat, deviceInventoryCsvFormat } from './device-inventory-csv.js';
import { assertOnlyUnreadable, assertUnreadable, ofKind, parseBytes, parseFile, testdata } from './format-test-support.js';

const format = createDeviceInventoryFormat({ now: () => new Date('2024-03-20T00:00:00Z') });
const fixture = (name: string): string =>
  readFileSync(new URL(`device-inventory-csv/${name}`, testdata), 'utf8');

describe('device inventory CSV', () => {
  it('reads the documented column set, with warnings per bad row', async () => {
    const records = await parseFile(format, 'device-inventory-csv/ward-columns.csv');
    assert.equal(ofKind(records, 'asset').length, 4);
    assert.equal(ofKind(records, 'observation').length, 6);
    assert.deepEqual(
      ofKind(records, 'warning').map((w) => [w.location?.line, w.message.split(' ')[0]]),
      [
        [7, 'row'],
        [8, 'last'],
        [8, 'encryption'],
        [9, 'device'],
      ],
    );
    assert.deepEqual(ofKind(records, 'asset')[0], {
      kind: 'asset',
      assetRef: 'NHS-WS-0142#5B2RJX2',
      assetKind: 'end-user-device',
      hostname: 'NHS-WS-0142',
      serialNumber: '5B2RJX2',
      ipAddresses: [],
      macAddresses: [],
      os: {
        name: 'Microsoft Windows 10 Enterprise',
        family: 'windows',
        version: '22H2',
        build: '10.0.19045.4170',
      },
      owner: 'Smith, Jane (Outpatients)',
      lastSeenAt: '2024-03-18T09:12:44.000Z',
      inScope: true,
      location: { file: 'ward-columns.csv', line: 2 },
    });
    const multiLine = ofKind(records, 'asset')[2];
    assert.equal(multiLine?.owner, 'PACS team\n(on-call rota)');
    assert.equal(multiLine?.location?.line, 5, 'a blank line 4 is skipped');
    assert.equal(multiLine?.assetKind, 'server');
    assert.equal(multiLine?.fqdn, 'pacs-gw-01.trust.nhs.uk');
  });

  it('computes signature age against the last-seen date, UK dates day first', async () => {
    const records = await parseFile(format, 'device-inventory-csv/ward-columns.csv');
    const ages = ofKind(records, 'observation').filter((o) => o.key === 'av.signature_age_days');
    assert.deepEqual(
      ages.map((o) => [o.assetRef, o.value]),
      [
        ['NHS-WS-0142#5B2RJX2', 3],
        ['NHS-LT-0077#8HQ9KM3', 17],
      ],
    );
    assert.deepEqual(ages[1], {
      kind: 'observation',
      assetRef: 'NHS-LT-0077#8HQ9KM3',
      key: 'av.signature_age_days',
      value: 17,
      observedAt: '2024-03-18T14:05:00.000Z',
      source: 'device-inventory',
      location: { file: 'ward-columns.csv', line: 3 },
    });
    const noLastSeen = await parseBytes(format, 'hostname,av_signature_date\npc1,2024-03-10\n', 'a.csv');
    assert.equal(ofKind(noLastSeen, 'observation')[0]?.value, 10, 'falls back to the import date');
  });

  it('reads an Intune export', async () => {
    const records = await parseFile(format, 'device-inventory-csv/intune-export.csv');
    assert.equal(ofKind(records, 'asset').length, 3);
    assert.equal(ofKind(records, 'warning').length, 0);
    assert.deepEqual(ofKind(records, 'asset')[1], {
      kind: 'asset',
      assetRef: 'NHS-LT-0102#PF3XK2LN',
      assetKind: 'end-user-device',
      hostname: 'NHS-LT-0102',
      serialNumber: 'PF3XK2LN',
      ipAddresses: [],
      macAddresses: [],
      os: { name: 'Windows', family: 'windows', build: '10.0.19045.3930' },
      owner: 'b.jones@trust.nhs.uk',
      lastSeenAt: '2024-02-01T16:02:51.000Z',
      location: { file: 'intune-export.csv', line: 3 },
    });
    const encrypted = ofKind(records, 'observation')
      .filter((o) => o.key === 'disk.encrypted')
      .map((o) => o.value);
    assert.deepEqual(encrypted, [true, false, true]);
  });

  it('reads a Configuration Manager export', async () => {
    const records = await parseFile(format, 'device-inventory-csv/configmgr-export.csv');
    assert.deepEqual(
      ofKind(records, 'asset').map((a) => [a.hostname, a.assetKind, a.os?.build, a.lastSeenAt]),
      [
        ['NHS-WS-0200', 'end-user-device', '10.0.19045', '2024-03-15T08:30:00.000Z'],
        ['NHS-SRV-DC01', 'server', '10.0.17763', '2024-03-16T02:00:00.000Z'],
        ['NHS-WS-0201', 'end-user-device', '6.1.7601', '2023-11-02T11:12:00.000Z'],
      ],
    );
    assert.deepEqual(
      ofKind(records, 'observation').map((o) => o.value),
      [true, true, false],
    );
  });

  it('detects inventories and not other files', () => {
    for (const name of ['ward-columns.csv', 'intune-export.csv', 'configmgr-export.csv']) {
      assert.equal(
        deviceInventoryCsvFormat.detect({ fileName: name, head: fixture(name).slice(0, 1024) }),
        true,
        name,
      );
    }
    assert.equal(deviceInventoryCsvFormat.detect({ fileName: 'x.csv', head: 'CVE,CVSS3,EPSS\n' }), false);
    assert.equal(
      deviceInventoryCsvFormat.detect({ fileName: 'report.dat', head: '# Lynis Report\n' }),
      false,
    );
  });
});

describe('device inventory CSV broken files', () => {
  it('refuses a file without a hostname column and lists what it found and accepts', async () => {
    await assert.rejects(
      parseBytes(format, 'CVE,CVSS3,EPSS\nCVE-2017-0144,8.1,0.97\n', 'epss.csv'),
      (error: unknown) => {
        assert.ok(isWardError(error) && error.code === 'INGEST_UNREADABLE');
        assert.match(error.message, /^epss\.csv:1: no hostname column/);
        assert.match(error.message, /"device name"/);
        assert.match(error.message, /"CVE", "CVSS3", "EPSS"/);
        return true;
      },
    );
    await assertUnreadable(parseBytes(format, '{"bomFormat":"CycloneDX"}\n', 'bom.json'), {
      file: 'bom.json',
      line: 1,
    });
    await assertUnreadable(parseBytes(format, '', 'empty.csv'), { file: 'empty.csv' });
  });

  it('refuses a file cut inside a quoted field, naming the line the quote opened on', async () => {
    const text = fixture('ward-columns.csv');
    const cut = text.slice(0, text.indexOf('PACS team') + 4);
    // Importing the rows before the cut would present a partial inventory as the whole estate.
    await assertUnreadable(parseBytes(format, cut, 'cut.csv'), { file: 'cut.csv', line: 5 });
  });

  it('reports bad encoding, binary data and a huge line with the line number', async () => {
    const head = 'hostname,serial\npc1,1\n';
    await assertUnreadable(
      parseBytes(
        format,
        Buffer.concat([Buffer.from(head), Buffer.from([0x70, 0xc3, 0x28, 0x0a])]),
        'latin.csv',
      ),
      {
        file: 'latin.csv',
        line: 3,
      },
    );
    await assertUnreadable(
      parseBytes(
        format,
        Buffer.concat([Buffer.from(head), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])]),
        'zip.csv',
      ),
      {
        file: 'zip.csv',
        line: 3,
      },
    );
    const small = createDeviceInventoryFormat({ maxLineBytes: 100 });
    await assertUnreadable(parseBytes(small, `${head}pc2,${'9'.repeat(500)}\n`, 'huge.csv', 64), {
      file: 'huge.csv',
      line: 3,
    });
  });
});

describe('device inventory CSV property: any input ends in records or INGEST_UNREADABLE', () => {
  const whole = Buffer.from(fixture('ward-columns.csv'));
  const arbitrary = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc.string({ maxLength: 400 }).map((s) => Buffer.from(`hostname,serial,encryption,last_seen\n${s}`)),
    fc
      .tuple(fc.nat(), fc.uint8Array({ maxLength: 16 }))
      .map(([at, noise]) => Buffer.concat([whole.subarray(0, at % (whole.length + 1)), noise])),
  );
  it('never throws anything else and never hangs', { timeout: 60_000 }, async () => {
    await assertOnlyUnreadable(format, arbitrary, 'fuzz.csv');
  });
});
