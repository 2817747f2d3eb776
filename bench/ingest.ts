/**
 * `npm run bench:ingest [-- --size 1GB] [-- --csv --rows N]`
 *
 * Generates a synthetic Nessus v2 report of about `--size` bytes (default 1 GB, binary units:
 * about 21,000 hosts), then reports in one run:
 *   - parse throughput of Ward's Nessus parser, as a ratio to `xmllint --stream --noout` timed on
 *     the same file in the same run;
 *   - end-to-end import rows/s into SQLite and into PostgreSQL (hashing, parsing, identity
 *     resolution and storage), each as a ratio to the engine's raw bulk path for the very rows the
 *     import stored: `sqlite3 .import` of CSV into tables of the same shape (same DDL: keys,
 *     indexes and enforced foreign keys), and `psql \copy` into tables `LIKE … INCLUDING ALL`
 *     with the same foreign keys added;
 *   - the peak RSS of each measured step, each run in a child process of its own.
 * `--csv --rows N` benchmarks the device inventory CSV instead (no xmllint reference).
 * PostgreSQL comes from WARD_BENCH_PG_URL, else a throwaway cluster as in the tests. Not a test:
 * it prints figures.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { writeNessusReport } from '../src/ingest/formats/nessus-generator.js';
import { writeInventoryCsv } from '../src/test-support/generate-evidence.js';
import type { ChildResult } from './ingest-child.js';
import { postgresAvailable, withPostgresDatabase } from './support/bench-database.js';
import { option, writeReport, type BenchFigure } from './support/bench-figures.js';
import { importRowTables } from './support/evidence-tables.js';

const MB = 1024 * 1024;
/** The tables an import fills, whose rows the raw bulk reference loads again. */
const importTables = importRowTables;
const folder = mkdtempSync(join(tmpdir(), 'ward-bench-'));
const child = join(import.meta.dirname, 'ingest-child.ts');

/** "1GB", "200MB", "512KB" or a byte count; binary units. */
function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim());
  if (!match?.[1]) throw new Error(`--size ${text}: expected a size such as 200MB or 1GB`);
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'g' ? 1024 ** 3 : unit === 'm' ? MB : unit === 'k' ? 1024 : 1;
  return Math.round(Number(match[1]) * factor);
}

function timedSync(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 64 * MB });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function runChild(args: string[]): ChildResult {
  const output = execFileSync(process.execPath, ['--import', 'tsx', child, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * MB,
  });
  const last = output.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildResult;
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / MB)} MB`;

async function generate(csv: boolean): Promise<{ file: string; format: string; describe: string }> {
  const start = process.hrtime.bigint();
  if (csv) {
    const rows = Number(option('--rows') ?? 200_000);
    const file = join(folder, 'bench.csv');
    await writeInventoryCsv(file, rows, { prefix: 'BEN' });
    return {
      file,
      format: 'device-inventory-csv',
      describe: `device inventory CSV, ${fmt(rows)} devices, ${fmt(statSync(file).size)} bytes`,
    };
  }
  const target = parseSize(option('--size') ?? '1GB');
  const file = join(folder, 'bench.nessus');
  const out = createWriteStream(file);
  const counts = await writeNessusReport(out, { targetBytes: target, seed: 20_231_114 });
  out.end();
  await once(out, 'finish');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    file,
    format: 'nessus',
    describe: `Nessus v2, ${fmt(counts.bytes)} bytes (${mb(counts.bytes)}), ${fmt(counts.hosts)} hosts, ${fmt(counts.items)} ReportItems, ${fmt(counts.software)} software entries, ${fmt(counts.cves)} CVE refs; generated in ${fmt(seconds, 1)} s`,
  };
}

/** Row counts of the import tables, read with the engine's own CLI. */
function sqliteCounts(path: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of importTables)
    counts[table] = Number(
      execFileSync('sqlite3', [path, `select count(*) from ${table}`], { encoding: 'utf8' }).trim(),
    );
  return counts;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

function benchSqlite(file: string): { rows: number; ours: ChildResult; rawSeconds: number } {
  const path = join(folder, 'ward.db');
  const ours = runChild(['import', `sqlite:${path}`, file]);
  const rows = total(sqliteCounts(path));
  // The reference: the same rows as CSV, loaded by the sqlite3 CLI into tables made by the same
  // DDL (keys, indexes and foreign keys, enforced as on Ward's connection), with the same journal
  // settings, next to the organisation and import rows those keys point at.
  const raw = join(folder, 'raw.db');
  const schema = ['organisations', 'imports', ...importTables]
    .map((table) => execFileSync('sqlite3', [path, `.schema ${table}`], { encoding: 'utf8' }))
    .join('\n');
  execFileSync('sqlite3', [
    raw,
    schema,
    `attach '${path}' as ward`,
    'insert into organisations select * from ward.organisations',
    'insert into imports select * from ward.imports',
  ]);
  const commands = ['pragma journal_mode=wal', 'pragma synchronous=normal', 'pragma foreign_keys=on'];
  for (const table of importTables) {
    const csv = join(folder, `${table}.csv`);
    execFileSync('sqlite3', [path, '.mode csv', `.output ${csv}`, `select * from ${table}`]);
    commands.push(`.import --csv ${csv} ${table}`);
  }
  const rawSeconds = timedSync('sqlite3', [raw, ...commands]);
  return { rows, ours, rawSeconds };
}

async function benchPostgres(
  file: string,
): Promise<{ rows: number; ours: ChildResult; rawSeconds: number } | null> {
  if (!postgresAvailable()) return null;
  return withPostgresDatabase('ward_bench', async (url) => {
    const ours = runChild(['import', url, file]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let rows = 0;
    for (const table of importTables) {
      const result = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
      rows += Number(result.rows[0]?.n ?? 0);
      // Same columns, types, defaults, keys and indexes (LIKE … INCLUDING ALL), and the same
      // foreign keys, which LIKE leaves out, so the reference checks what Ward's tables check.
      await client.query(`create table raw_${table} (like ${table} including all)`);
      if (table === 'devices')
        await client.query(
          'alter table raw_devices add foreign key (organisation_id) references organisations (id)',
        );
      else await client.query(`alter table raw_${table} add foreign key (import_id) references imports (id)`);
      if (table !== 'devices' && table !== 'import_warnings')
        await client.query(
          `alter table raw_${table} add foreign key (device_id) references raw_devices (id)`,
        );
    }
    await client.end();
    const copies: string[] = [];
    for (const table of importTables) {
      const tsv = join(folder, `${table}.tsv`);
      execFileSync('psql', [url, '-qc', `\\copy ${table} to '${tsv}'`]);
      copies.push('-c', `\\copy raw_${table} from '${tsv}'`);
    }
    const rawSeconds = timedSync('psql', [url, '-q', ...copies]);
    return { rows, ours, rawSeconds };
  });
}

const figures: BenchFigure[] = [];

function reportStorage(
  engine: string,
  reference: string,
  result: { rows: number; ours: ChildResult; rawSeconds: number },
): void {
  const ours = result.rows / result.ours.seconds;
  const raw = result.rows / result.rawSeconds;
  console.log(
    `${engine}: ${fmt(ours)} rows/s end to end (${fmt(result.rows)} rows in ${fmt(result.ours.seconds, 1)} s, hashing and parsing included); ` +
      `${reference} ${fmt(raw)} rows/s (${fmt(result.rawSeconds, 1)} s); ratio ${(ours / raw).toFixed(2)}× (target ≥ 0.5×); peak RSS ${mb(result.ours.maxRssBytes)} (target < 300 MB)`,
  );
  figures.push({
    name: 'import (end to end)',
    engine,
    size: `${fmt(result.rows)} rows`,
    seconds: result.ours.seconds,
    throughput: { value: ours, unit: 'rows/s' },
    peakRssBytes: result.ours.maxRssBytes,
    baseline: {
      name: reference,
      seconds: result.rawSeconds,
      ratio: ours / raw,
      meaning: 'rows/s ÷ raw bulk load rows/s',
    },
  });
}

async function main(): Promise<void> {
  const csv = process.argv.includes('--csv');
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}`,
  );
  const { file, format, describe } = await generate(csv);
  const bytes = statSync(file).size;
  console.log(`file: ${describe}`);

  const parsed = runChild(['parse', file, format]);
  const ourRate = bytes / MB / parsed.seconds;
  let xmllint: number | undefined;
  let parseLine = `parse: ${fmt(ourRate, 1)} MB/s (${fmt(parsed.records ?? 0)} records in ${fmt(parsed.seconds, 1)} s, peak RSS ${mb(parsed.maxRssBytes)})`;
  if (!csv) {
    const xmllintSeconds = timedSync('xmllint', ['--stream', '--noout', file]);
    xmllint = xmllintSeconds;
    const xmllintRate = bytes / MB / xmllintSeconds;
    parseLine += `; xmllint --stream --noout ${fmt(xmllintRate, 1)} MB/s (${fmt(xmllintSeconds, 1)} s); ratio ${(ourRate / xmllintRate).toFixed(2)}× (target ≥ 0.25×)`;
  }
  console.log(parseLine);
  const parseFigure: BenchFigure = {
    name: `parse (${format})`,
    engine: '—',
    size: mb(bytes),
    seconds: parsed.seconds,
    throughput: { value: ourRate, unit: 'MB/s' },
    peakRssBytes: parsed.maxRssBytes,
  };
  if (xmllint)
    parseFigure.baseline = {
      name: 'xmllint --stream --noout',
      seconds: xmllint,
      ratio: xmllint / parsed.seconds,
      meaning: 'MB/s ÷ xmllint MB/s',
    };
  figures.push(parseFigure);

  reportStorage('SQLite', 'sqlite3 .import', benchSqlite(file));
  rmSync(join(folder, 'ward.db'), { force: true });
  rmSync(join(folder, 'raw.db'), { force: true });
  const postgres = await benchPostgres(file);
  if (postgres) reportStorage('PostgreSQL', 'psql \\copy', postgres);
  else console.log('PostgreSQL: no server found (set WARD_BENCH_PG_URL), skipped');
  writeReport('bench:ingest', figures);
}

try {
  await main();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
