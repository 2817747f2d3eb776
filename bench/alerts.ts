/**
 * `npm run bench:alerts [-- --devices N --orgs M]`: generates an estate of N devices (default
 * 250,000) over M organisations (default 200) directly as evidence rows in bulk (one completed
 * scanner import per organisation: 1 device observation, 2 findings, 1 observation and 1 service
 * per device; 2 % of devices carry an MS17-010 finding), then times:
 *   1. issuing an MS17-010 alert to every organisation (exposure computed across all of them);
 *   2. the recompute after one new import of one organisation (the import itself is ingest's cost).
 * Targets: < 1 s and < 100 ms. SQLite always; PostgreSQL from WARD_BENCH_PG_URL, else a throwaway
 * cluster as in the tests, when PostgreSQL is installed.
 */
import { wannaCry } from '../src/demo/demo-catalogue.js';
import { systemActor } from '../src/core/principal.js';
import { defaultSecuritySettings, type ServiceContext } from '../src/services/context.js';
import { issueAlert } from '../src/services/alerts/issue-alert.js';
import { recomputeOrganisationAlerts } from '../src/services/alerts/recompute-alerts.js';
import { newId } from '../src/services/ids.js';
import { evidenceTables } from '../src/services/imports/evidence-tables.js';
import { runBulkTransaction } from '../src/storage/bulk/run-bulk-transaction.js';
import type { BulkTable } from '../src/storage/bulk/bulk-writer.js';
import type { WardDatabase } from '../src/storage/open-database.js';
import {
  engineLabel,
  postgresAvailable,
  withBenchDatabase,
  type BenchEngine,
} from './support/bench-database.js';
import { numberOption, peakRss, writeReport, type BenchFigure } from './support/bench-figures.js';

const deviceCount = numberOption('--devices', 250_000);
const organisationCount = numberOption('--orgs', 200);
const perOrganisation = Math.ceil(deviceCount / organisationCount);
const ms17010 = [...wannaCry.cves];
const actor = systemActor('bench');
let now = Date.parse('2026-11-01T00:00:00Z');
const clock = { now: () => new Date(now) };

const devicesTable: BulkTable = {
  name: 'devices',
  columns: [
    'id',
    'organisation_id',
    'hostname',
    'fqdn',
    'netbios_name',
    'serial_number',
    'mac_addresses',
    'ip_addresses',
    'os_name',
    'os_family',
    'os_version',
    'os_build',
    'asset_kind',
    'first_seen',
    'last_seen',
    'in_scope',
    'created_at',
    'updated_at',
  ],
};

/** One completed scanner import describing every device of one organisation; `vulnerable(i)` picks who has MS17-010. */
async function writeImport(
  database: WardDatabase,
  organisationId: string,
  deviceIds: string[],
  vulnerable: (i: number) => boolean,
): Promise<void> {
  const at = new Date(now).toISOString();
  const importId = newId();
  await runBulkTransaction(database, async (trx, writer) => {
    await trx
      .insertInto('imports')
      .values({
        id: importId,
        organisation_id: organisationId,
        file_name: 'generated.nessus',
        sha256: importId,
        size_bytes: 1,
        format: 'nessus',
        parser_version: 1,
        status: 'completed',
        created_by: 'bench',
        created_at: at,
        completed_at: at,
      })
      .execute();
    let findingSeq = 0;
    for (const [i, deviceId] of deviceIds.entries()) {
      const key = [organisationId, importId, i + 1, deviceId];
      await writer.write(evidenceTables.deviceObservations, [
        ...key,
        `host-${i}`,
        'hostname',
        `ws-${i}`,
        null,
        null,
        null,
        '[]',
        `["10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}"]`,
        'Microsoft Windows 10',
        'windows',
        '22H2',
        '10.0.19045.4291',
        null,
        'workstation',
        1,
        at,
        at,
        at,
        null,
        1,
        null,
        null,
        null,
      ]);
      const finding = (check: string, cves: string[]) => [
        organisationId,
        importId,
        ++findingSeq,
        deviceId,
        'nessus',
        check,
        `check ${check}`,
        'high',
        JSON.stringify(cves),
        '[]',
        445,
        'tcp',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ];
      await writer.write(evidenceTables.findings, finding('10001', ['CVE-2023-1234', 'CVE-2024-4321']));
      await writer.write(
        evidenceTables.findings,
        vulnerable(i) ? finding('97833', ms17010) : finding('10002', ['CVE-2022-0001']),
      );
      await writer.write(evidenceTables.observations, [
        ...key,
        'smb1.enabled',
        i % 7 === 0 ? 'true' : 'false',
        at,
        'bench',
        null,
        null,
      ]);
      await writer.write(evidenceTables.services, [
        ...key,
        445,
        'tcp',
        'open',
        'microsoft-ds',
        null,
        null,
        '[]',
        null,
        null,
      ]);
    }
  });
}

async function generate(
  database: WardDatabase,
): Promise<{ organisations: { id: string; devices: string[] }[] }> {
  const at = new Date(now).toISOString();
  const organisations: { id: string; devices: string[] }[] = [];
  await database.db.transaction().execute(async (trx) => {
    for (let o = 0; o < organisationCount; o += 1) {
      const id = newId();
      organisations.push({ id, devices: Array.from({ length: perOrganisation }, () => newId()) });
      await trx
        .insertInto('organisations')
        .values({
          id,
          ods_code: `B${String(o).padStart(4, '0')}`,
          name: `Bench Trust ${o}`,
          kind: 'trust',
          region: 'Bench',
          parent_id: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
  });
  await runBulkTransaction(database, async (_trx, writer) => {
    for (const organisation of organisations) {
      for (const [i, id] of organisation.devices.entries())
        await writer.write(devicesTable, [
          id,
          organisation.id,
          `ws-${i}`,
          null,
          null,
          null,
          '[]',
          '[]',
          'Microsoft Windows 10',
          'windows',
          '22H2',
          '10.0.19045.4291',
          'workstation',
          at,
          at,
          1,
          at,
          at,
        ]);
    }
  });
  for (const organisation of organisations)
    await writeImport(database, organisation.id, organisation.devices, (i) => i % 50 === 0);
  return { organisations };
}

const figures: BenchFigure[] = [];

async function run(engine: BenchEngine): Promise<void> {
  const label = engineLabel(engine);
  await withBenchDatabase(
    engine,
    'ward_bench_alerts',
    async (database) => {
      const context: ServiceContext = { database, clock, security: defaultSecuritySettings };
      const started = process.hrtime.bigint();
      const { organisations } = await generate(database);
      const generatedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (database.engine === 'postgres')
        await database.db.executeQuery({
          sql: 'analyze',
          parameters: [],
          query: { kind: 'RawNode', sqlFragments: ['analyze'], parameters: [] },
        } as never);
      now += 86_400_000;
      const issueStart = process.hrtime.bigint();
      const issued = await issueAlert(context, actor, {
        reference: `CC-2026-${String(4200 + figures.length)}`,
        title: 'Patch MS17-010',
        severity: 'critical',
        conditions: { cves: ms17010 },
        target: { all: true },
      });
      const issueMs = Number(process.hrtime.bigint() - issueStart) / 1e6;
      now += 3_600_000;
      const target = organisations[0];
      if (!target) throw new Error('no organisation');
      await writeImport(database, target.id, target.devices, () => false);
      const recomputeStart = process.hrtime.bigint();
      await recomputeOrganisationAlerts(context, target.id);
      const recomputeMs = Number(process.hrtime.bigint() - recomputeStart) / 1e6;
      const state = await database.db
        .selectFrom('alert_organisations')
        .select(['status', 'affected_count'])
        .where('organisation_id', '=', target.id)
        .executeTakeFirstOrThrow();
      const devices = organisations.length * perOrganisation;
      console.log(
        `${label}: ${organisations.length} organisations, ${devices} devices generated in ${generatedSeconds.toFixed(1)} s`,
      );
      console.log(
        `  issue + exposure across all organisations: ${issueMs.toFixed(0)} ms (target < 1000 ms) — ${issued.exposedOrganisations} exposed, ${issued.affectedAssets} assets`,
      );
      console.log(
        `  recompute after one new import:            ${recomputeMs.toFixed(0)} ms (target < 100 ms) — now ${state.status}, ${state.affected_count} affected`,
      );
      const size = `${devices.toLocaleString('en-GB')} devices / ${organisations.length} orgs`;
      const issueSeconds = issueMs / 1000;
      figures.push({
        name: 'issue alert + exposure, all organisations',
        engine: label,
        size,
        seconds: issueSeconds,
        throughput: { value: devices / issueSeconds, unit: 'devices/s' },
        peakRssBytes: peakRss(),
      });
      figures.push({
        name: 'recompute after one import',
        engine: label,
        size: `${perOrganisation.toLocaleString('en-GB')} devices (1 org)`,
        seconds: recomputeMs / 1000,
        throughput: { value: perOrganisation / (recomputeMs / 1000), unit: 'devices/s' },
        peakRssBytes: peakRss(),
        baseline: {
          name: 'issue across all organisations',
          seconds: issueSeconds,
          ratio: recomputeMs / 1000 / issueSeconds,
          meaning: 'recompute ÷ issue (1/orgs is proportional)',
        },
      });
    },
    { poolSize: 4 },
  );
}

async function main(): Promise<void> {
  await run('sqlite');
  if (postgresAvailable()) await run('postgres');
  else console.log('PostgreSQL: not found, skipped');
  writeReport('bench:alerts', figures);
}

await main();
