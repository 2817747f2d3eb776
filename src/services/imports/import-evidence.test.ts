import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Organisation } from '../../core/organisation.js';
import { isWardError } from '../../core/errors.js';
import { evidenceFormats } from '../../ingest/formats/index.js';
import type { Database } from '../../storage/schema.js';
import { describeEachEngine } from '../../test-support/engines.js';
import { makeOrganisation, operator, serviceContext } from '../../test-support/factories.js';
import { writeInventoryCsv } from '../../test-support/generate-evidence.js';
import { verifyAudit } from '../audit/verify-audit.js';
import type { ServiceContext } from '../context.js';
import { importEvidence } from './import-evidence.js';

const testdata = fileURLToPath(new URL('../../ingest/formats/testdata/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ward-import-'));

const evidenceTables = ['imports', 'devices', 'device_observations', 'software', 'findings', 'services', 'observations', 'cloud_accounts', 'import_warnings'] as const satisfies readonly (keyof Database)[];

/** One real fixture per format with the counts its parser yields (see the format tests). */
const fixtures: { format: string; file: string; counts: { assets: number; software: number; findings: number; services: number; observations: number; warnings: number }; cloudAccounts?: number }[] = [
  { format: 'cyclonedx-json', file: 'jake2.json', counts: { assets: 1, software: 67, findings: 7, services: 0, observations: 0, warnings: 0 } },
  { format: 'cyclonedx-xml', file: 'log4j.xml', counts: { assets: 1, software: 1, findings: 8, services: 0, observations: 0, warnings: 0 } },
  { format: 'defender-av-health', file: 'av-health.json', counts: { assets: 3, software: 0, findings: 0, services: 0, observations: 26, warnings: 0 } },
  { format: 'defender-machines', file: 'machines-page.json', counts: { assets: 3, software: 0, findings: 0, services: 0, observations: 20, warnings: 0 } },
  { format: 'defender-secure-config', file: 'secure-config.json', counts: { assets: 2, software: 0, findings: 0, services: 0, observations: 7, warnings: 0 } },
  { format: 'defender-software', file: 'software-inventory.json', counts: { assets: 2, software: 4, findings: 0, services: 0, observations: 0, warnings: 0 } },
  { format: 'defender-vulnerabilities', file: 'vulnerabilities.json', counts: { assets: 2, software: 0, findings: 4, services: 0, observations: 0, warnings: 0 } },
  { format: 'device-inventory-csv', file: 'ward-columns.csv', counts: { assets: 4, software: 0, findings: 0, services: 0, observations: 6, warnings: 4 } },
  { format: 'entra-registration', file: 'userregistrationdetails-v1.0-example.json', counts: { assets: 1, software: 0, findings: 0, services: 0, observations: 0, warnings: 0 }, cloudAccounts: 3 },
  { format: 'entra-signins', file: 'signin-list-beta-example2-single-factor.json', counts: { assets: 1, software: 0, findings: 0, services: 0, observations: 0, warnings: 0 }, cloudAccounts: 1 },
  { format: 'lynis', file: 'lynis_many_vuln.dat', counts: { assets: 1, software: 86, findings: 38, services: 0, observations: 27, warnings: 0 } },
  { format: 'nessus', file: 'nessus_with_cvssv3.nessus', counts: { assets: 1, software: 5, findings: 49, services: 1, observations: 0, warnings: 0 } },
  { format: 'nmap', file: 'issue4406.xml', counts: { assets: 1, software: 0, findings: 8, services: 25, observations: 0, warnings: 0 } },
  { format: 'openvas', file: 'many_vuln.xml', counts: { assets: 1, software: 0, findings: 44, services: 0, observations: 0, warnings: 0 } },
  { format: 'osquery', file: 'windows-results.log', counts: { assets: 1, software: 8, findings: 0, services: 5, observations: 21, warnings: 1 } },
  { format: 'qualys-asset-report', file: 'Qualys_Sample_Report.xml', counts: { assets: 7, software: 0, findings: 301, services: 16, observations: 0, warnings: 0 } },
  { format: 'qualys-scan', file: 'qualys_infrascan_webgui_multiple.xml', counts: { assets: 2, software: 0, findings: 24, services: 0, observations: 0, warnings: 0 } },
];

describeEachEngine('evidence import', ({ database, it }) => {
  let context: ServiceContext;
  let organisation: Organisation;

  before(async () => {
    context = serviceContext(database());
    organisation = await makeOrganisation(context);
  });

  async function tableCounts(organisationId?: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of evidenceTables) {
      let query = context.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n'));
      if (organisationId) query = query.where('organisation_id', '=', organisationId);
      counts[table] = Number((await query.executeTakeFirstOrThrow()).n);
    }
    counts.audit_log = Number((await context.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
    return counts;
  }

  it('every registered format has a fixture here, and each imports with the counts its parser yields', async () => {
    assert.deepEqual(fixtures.map((f) => f.format), evidenceFormats.map((f) => f.id), 'a registered format has no import fixture in this test');
    for (const fixture of fixtures) {
      const org = await makeOrganisation(context);
      const summary = await importEvidence(context, operator, { odsCode: org.odsCode, filePath: join(testdata, fixture.format, fixture.file), fileName: fixture.file });
      assert.equal(summary.format, fixture.format, fixture.file);
      assert.equal(summary.duplicate, false);
      assert.match(summary.sha256, /^[0-9a-f]{64}$/);
      const { assets, software, findings, services, observations, warnings } = summary;
      assert.deepEqual({ assets, software, findings, services, observations, warnings }, fixture.counts, fixture.file);
      const stored = await tableCounts(org.id);
      assert.deepEqual([summary.cloudAccounts, stored.cloud_accounts], [fixture.cloudAccounts ?? 0, fixture.cloudAccounts ?? 0], fixture.file);
      assert.deepEqual(
        { imports: stored.imports, device_observations: stored.device_observations, software: stored.software, findings: stored.findings, services: stored.services, observations: stored.observations, import_warnings: stored.import_warnings },
        { imports: 1, device_observations: assets, software, findings, services, observations, import_warnings: warnings },
        fixture.file,
      );
      const row = await context.database.db.selectFrom('imports').selectAll().where('id', '=', summary.importId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'completed');
      assert.equal(row.organisation_id, org.id);
      assert.equal(Number(row.size_bytes), readFileSync(join(testdata, fixture.format, fixture.file)).length);
      const audit = await context.database.db.selectFrom('audit_log').selectAll().where('object_id', '=', summary.importId).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.action, 'import.created');
    }
  });

  it('stores an inventory row field by field, resolves devices, and keeps warning locations', async () => {
    const org = await makeOrganisation(context);
    const summary = await importEvidence(context, operator, { odsCode: org.odsCode, filePath: join(testdata, 'device-inventory-csv', 'ward-columns.csv'), fileName: 'ward-columns.csv' });
    const { db } = context.database;
    const device = await db.selectFrom('devices').selectAll().where('organisation_id', '=', org.id).where('serial_number', '=', '8HQ9KM3').executeTakeFirstOrThrow();
    assert.equal(device.hostname, 'NHS-LT-0077');
    assert.equal(device.os_name, 'Microsoft Windows 11 Enterprise');
    assert.equal(device.os_build, '10.0.22631.3296');
    assert.equal(device.asset_kind, 'end-user-device');
    assert.equal(device.in_scope, 1);
    const observations = await db.selectFrom('observations').select(['key', 'value', 'source_line']).where('device_id', '=', device.id).orderBy('seq').execute();
    assert.ok(observations.some((o) => o.key === 'disk.encrypted' && o.value === 'false' && o.source_line === 3), JSON.stringify(observations));
    const warnings = await db.selectFrom('import_warnings').selectAll().where('import_id', '=', summary.importId).orderBy('seq').execute();
    assert.equal(warnings.length, 4);
    assert.ok(warnings.every((w) => w.file === 'ward-columns.csv' && typeof w.line === 'number'));

    // The same machines reported again under another file: matched, not duplicated.
    const again = join(scratch, `renamed-${org.odsCode}.csv`);
    writeFileSync(again, 'Device name,Serial number,OS\nNHS-LT-0077-NEW,8hq9km3,Windows\nnhs-ws-0142.trust.nhs.uk,,Windows\n');
    const second = await importEvidence(context, operator, { odsCode: org.odsCode, filePath: again, fileName: 'renamed.csv' });
    const devices = await db.selectFrom('devices').select(['id', 'hostname', 'fqdn']).where('organisation_id', '=', org.id).execute();
    assert.equal(devices.length, 4, JSON.stringify(devices));
    const matched = await db.selectFrom('device_observations').select(['matched_by', 'device_id']).where('import_id', '=', second.importId).orderBy('seq').execute();
    assert.deepEqual(matched.map((m) => m.matched_by), ['serial', 'hostname']);
    assert.equal(matched[0]?.device_id, device.id);
  });

  it('resolves devices in batches: new ones on the bulk path, ones seen again written back with their final state', async () => {
    const org = await makeOrganisation(context);
    const { db } = context.database;
    // More devices than one insert statement (100 rows) and one write-back batch (500 rows) hold.
    const first = join(scratch, `batch-1-${org.odsCode}.csv`);
    await writeInventoryCsv(first, 1_200, { prefix: 'BAT' });
    const firstSummary = await importEvidence(context, operator, { odsCode: org.odsCode, filePath: first, fileName: 'batch-1.csv' });
    assert.equal(firstSummary.assets, 1_200);
    const created = await db.selectFrom('devices').selectAll().where('organisation_id', '=', org.id).where('serial_number', '=', 'SNBAT0000007').executeTakeFirstOrThrow();
    assert.equal(created.hostname, 'BAT-WS-0000007');
    assert.equal(created.os_build, '10.0.22631.3007');
    assert.equal(created.asset_kind, 'end-user-device');

    // The same machines a month later with a new build: matched by serial, updated in place.
    const second = join(scratch, `batch-2-${org.odsCode}.csv`);
    writeFileSync(second, readFileSync(first, 'utf8').replaceAll('2026-11-', '2026-12-').replaceAll('10.0.22631.', '10.0.26100.'));
    const secondSummary = await importEvidence(context, operator, { odsCode: org.odsCode, filePath: second, fileName: 'batch-2.csv' });
    const devices = await db.selectFrom('devices').selectAll().where('organisation_id', '=', org.id).execute();
    assert.equal(devices.length, 1_200);
    const matched = await db.selectFrom('device_observations').select('matched_by').where('import_id', '=', secondSummary.importId).execute();
    assert.ok(matched.length === 1_200 && matched.every((m) => m.matched_by === 'serial'));
    const updated = devices.find((d) => d.id === created.id);
    assert.equal(updated?.os_build, '10.0.26100.3007');
    assert.equal(updated?.first_seen, created.first_seen);
    assert.ok(updated?.last_seen.startsWith('2026-12-'), updated?.last_seen);
    assert.equal(devices.filter((d) => d.os_build?.startsWith('10.0.26100.')).length, 1_200);

    // One new machine reported twice in one import: one device row, carrying both reports.
    const twice = join(scratch, `twice-${org.odsCode}.csv`);
    writeFileSync(
      twice,
      'hostname,serial,os_name,os_version,os_build,device_type,last_seen\n' +
        'NEW-WS-1,SNNEW00001,Microsoft Windows 11 Enterprise,23H2,10.0.22631.1000,Desktop,2026-10-01T09:00:00Z\n' +
        'new-ws-1.trust.nhs.uk,SNNEW00001,Microsoft Windows 11 Enterprise,24H2,10.0.26100.2000,Desktop,2026-10-20T09:00:00Z\n',
    );
    const twiceSummary = await importEvidence(context, operator, { odsCode: org.odsCode, filePath: twice, fileName: 'twice.csv' });
    const rows = await db.selectFrom('devices').selectAll().where('organisation_id', '=', org.id).where('serial_number', '=', 'SNNEW00001').execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.hostname, 'NEW-WS-1');
    assert.equal(rows[0]?.fqdn, 'new-ws-1.trust.nhs.uk');
    assert.equal(rows[0]?.os_build, '10.0.26100.2000');
    assert.ok(rows[0]?.first_seen.startsWith('2026-10-01') && rows[0].last_seen.startsWith('2026-10-20'), JSON.stringify(rows[0]));
    const observed = await db.selectFrom('device_observations').select(['matched_by', 'device_id']).where('import_id', '=', twiceSummary.importId).orderBy('seq').execute();
    assert.deepEqual(observed.map((o) => o.matched_by), ['new', 'serial']);
    assert.ok(observed.every((o) => o.device_id === rows[0]?.id));
  });

  it('re-importing the same file is a duplicate and changes nothing', async () => {
    const filePath = join(testdata, 'lynis', 'lynis_one_vuln.dat');
    const first = await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath, fileName: 'lynis_one_vuln.dat' });
    const before = await tableCounts();
    const second = await importEvidence(context, operator, { odsCode: organisation.odsCode, filePath, fileName: 'another-name.dat' });
    assert.equal(second.duplicate, true);
    assert.equal(second.importId, first.importId);
    assert.equal(second.findings, first.findings);
    assert.deepEqual(await tableCounts(), before);
  });

  it('a file broken midway leaves no row of that import in any table, and no audit entry', async () => {
    const csv = join(scratch, 'big.csv');
    await writeInventoryCsv(csv, 12_000, { prefix: 'BRK' });
    const gzip = gzipSync(readFileSync(csv));
    const truncated = join(scratch, 'inventory.csv.gz');
    // Cut the transfer at 80 %: thousands of rows parse (and are written) before the error.
    writeFileSync(truncated, gzip.subarray(0, Math.floor(gzip.length * 0.8)));
    const before = await tableCounts();
    let progressed = 0;
    await assert.rejects(
      importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: truncated, fileName: 'inventory.csv.gz', onProgress: (p) => (progressed = p.records) }),
      (error: unknown) => isWardError(error) && error.code === 'INGEST_UNREADABLE' && error.message.includes('inventory.csv.gz'),
    );
    assert.ok(progressed > 5000, `records parsed before the break: ${progressed}`);
    assert.deepEqual(await tableCounts(), before);
    assert.equal((await verifyAudit(context, operator)).ok, true);
  });

  it('an unknown format is INGEST_UNKNOWN_FORMAT listing the known ids, and stores nothing', async () => {
    const path = join(scratch, 'minutes.txt');
    writeFileSync(path, 'Minutes of the board meeting\n');
    const before = await tableCounts();
    await assert.rejects(importEvidence(context, operator, { odsCode: organisation.odsCode, filePath: path, fileName: 'minutes.txt' }), (error: unknown) => {
      assert.ok(isWardError(error));
      assert.equal(error.code, 'INGEST_UNKNOWN_FORMAT');
      for (const format of evidenceFormats) assert.ok(error.message.includes(format.id), error.message);
      return true;
    });
    assert.deepEqual(await tableCounts(), before);
  });
});
