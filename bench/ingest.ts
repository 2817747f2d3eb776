/**
 * `npm run bench:ingest [-- --rows N]`: generates a device inventory CSV of N devices (default
 * 200,000; each gives 1 device, 1 device observation and 3 observations), then reports parse
 * throughput, end-to-end import rows/s on SQLite and PostgreSQL, each as a ratio to the engine's
 * raw bulk path for the same rows (sqlite3 `.import` of CSV, `psql \copy`), and the peak RSS.
 * PostgreSQL comes from WARD_BENCH_PG_URL, else a throwaway cluster as in the tests.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/core/clock.js';
import { systemActor } from '../src/core/principal.js';
import { deviceInventoryCsvFormat } from '../src/ingest/formats/device-inventory-csv.js';
import { defaultSecuritySettings, type ServiceContext } from '../src/services/context.js';
import { importEvidence } from '../src/services/imports/import-evidence.js';
import { addOrganisation } from '../src/services/organisations/add-organisation.js';
import { parseDatabaseUrl } from '../src/storage/database-url.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { openDatabase } from '../src/storage/open-database.js';
import { writeInventoryCsv } from '../src/test-support/generate-evidence.js';
import { findPostgresBinaries, startPostgresCluster, type PostgresCluster } from '../src/test-support/postgres-cluster.js';

const rowsArgument = process.argv.indexOf('--rows');
const devices = rowsArgument > 0 ? Number(process.argv[rowsArgument + 1]) : 200_000;
const folder = mkdtempSync(join(tmpdir(), 'ward-bench-'));
const actor = systemActor('bench');
/** The tables an inventory import fills, for the raw reference loads. */
const tables = ['devices', 'device_observations', 'observations'];

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function importInto(url: string, file: string): Promise<{ rows: number; seconds: number; context: ServiceContext }> {
  const database = await openDatabase(parseDatabaseUrl(url));
  await migrateToLatest(database);
  const context: ServiceContext = { database, clock: systemClock, security: defaultSecuritySettings };
  await addOrganisation(context, actor, { odsCode: 'B3NCH', name: 'Bench Trust', kind: 'trust', region: null });
  const { value: summary, seconds } = await timed(() => importEvidence(context, actor, { odsCode: 'B3NCH', filePath: file, fileName: 'bench.csv' }));
  // Devices are written too: count every row the import stored.
  const rows = summary.assets * 2 + summary.observations + summary.warnings;
  return { rows, seconds, context };
}

async function main(): Promise<void> {
  const file = join(folder, 'bench.csv');
  await writeInventoryCsv(file, devices, { prefix: 'BEN' });
  const megabytes = statSync(file).size / 1024 / 1024;
  console.log(`generated ${devices} devices, ${megabytes.toFixed(1)} MB`);

  const parse = await timed(async () => {
    let records = 0;
    for await (const record of deviceInventoryCsvFormat.parse(createReadStream(file), { fileName: 'bench.csv' })) if (record.kind !== 'warning') records += 1;
    return records;
  });
  console.log(`parse: ${(megabytes / parse.seconds).toFixed(1)} MB/s (${parse.value} records in ${parse.seconds.toFixed(2)} s)`);

  // SQLite: our import, then sqlite3 .import of the same rows as CSV into bare tables.
  const sqlitePath = join(folder, 'ward.db');
  const sqlite = await importInto(`sqlite:${sqlitePath}`, file);
  await sqlite.context.database.close();
  const rawSqlite = join(folder, 'raw.db');
  let rawSqliteSeconds = 0;
  for (const table of tables) {
    const csv = join(folder, `${table}.csv`);
    execFileSync('sqlite3', [sqlitePath, '.mode csv', `.output ${csv}`, `select * from ${table}`]);
    execFileSync('sqlite3', [rawSqlite, `attach '${sqlitePath}' as w`, `create table ${table} as select * from w.${table} where 0`]);
    const start = process.hrtime.bigint();
    execFileSync('sqlite3', [rawSqlite, 'pragma journal_mode=wal', 'pragma synchronous=normal', `.import --csv ${csv} ${table}`]);
    rawSqliteSeconds += Number(process.hrtime.bigint() - start) / 1e9;
  }
  report('SQLite', sqlite.rows, sqlite.seconds, rawSqliteSeconds);

  // PostgreSQL: our import, then psql \copy of the same rows into tables LIKE ours.
  let cluster: PostgresCluster | null = null;
  let adminUrl = process.env.WARD_BENCH_PG_URL;
  if (!adminUrl) {
    const bindir = findPostgresBinaries();
    if (!bindir) {
      console.log('PostgreSQL: not found, skipped');
      return;
    }
    cluster = await startPostgresCluster(bindir);
    adminUrl = cluster.url;
  }
  const url = new URL(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `ward_bench_${process.pid}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  try {
    const postgres = await importInto(url.href, file);
    await postgres.context.database.close();
    let rawSeconds = 0;
    for (const table of tables) {
      const tsv = join(folder, `${table}.tsv`);
      execFileSync('psql', [url.href, '-qc', `\\copy ${table} to '${tsv}'`]);
      execFileSync('psql', [url.href, '-qc', `create table raw_${table} (like ${table})`]);
      const start = process.hrtime.bigint();
      execFileSync('psql', [url.href, '-qc', `\\copy raw_${table} from '${tsv}'`]);
      rawSeconds += Number(process.hrtime.bigint() - start) / 1e9;
    }
    report('PostgreSQL', postgres.rows, postgres.seconds, rawSeconds);
  } finally {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
    cluster?.stop();
  }
}

function report(engine: string, rows: number, seconds: number, rawSeconds: number): void {
  const ours = rows / seconds;
  const raw = rows / rawSeconds;
  console.log(`${engine}: ${Math.round(ours)} rows/s end to end (${rows} rows in ${seconds.toFixed(2)} s, hashing and parsing included); raw bulk ${Math.round(raw)} rows/s; ratio ${(ours / raw).toFixed(2)}`);
}

try {
  await main();
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
