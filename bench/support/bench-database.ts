/**
 * Engine setup shared by the benchmarks: a fresh SQLite file in a temporary folder, or a fresh
 * PostgreSQL database on WARD_BENCH_PG_URL (else a throwaway cluster, as the tests start), dropped
 * afterwards. `withBenchDatabase` migrates it; `withPostgresServer` only gives the server URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseDatabaseUrl } from '../../src/storage/database-url.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { openDatabase, type WardDatabase } from '../../src/storage/open-database.js';
import {
  findPostgresBinaries,
  startPostgresCluster,
  type PostgresCluster,
} from '../../src/test-support/postgres-cluster.js';

export type BenchEngine = 'sqlite' | 'postgres';

export const engineLabel = (engine: BenchEngine) => (engine === 'sqlite' ? 'SQLite' : 'PostgreSQL');

/** True when PostgreSQL can be used: WARD_BENCH_PG_URL or installed binaries. */
export function postgresAvailable(): boolean {
  return process.env.WARD_BENCH_PG_URL !== undefined || findPostgresBinaries() !== null;
}

/** A fresh database on the PostgreSQL server (WARD_BENCH_PG_URL or a throwaway cluster), dropped afterwards. */
export async function withPostgresDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  let cluster: PostgresCluster | null = null;
  let adminUrl = process.env.WARD_BENCH_PG_URL;
  if (!adminUrl) {
    const bindir = findPostgresBinaries();
    if (!bindir) throw new Error('no PostgreSQL: set WARD_BENCH_PG_URL or install PostgreSQL');
    cluster = await startPostgresCluster(bindir);
    adminUrl = cluster.url;
  }
  const database = `${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    return await work(url.href);
  } finally {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${database} with (force)`);
    await cleanup.end();
    cluster?.stop();
  }
}

/** A migrated, empty Ward database on the engine, closed and removed after `work`. */
export async function withBenchDatabase<T>(
  engine: BenchEngine,
  name: string,
  work: (database: WardDatabase, url: string) => Promise<T>,
  options: { poolSize?: number } = {},
): Promise<T> {
  const open = async (url: string) => {
    const database = await openDatabase(
      parseDatabaseUrl(url),
      options.poolSize !== undefined ? { poolSize: options.poolSize } : {},
    );
    try {
      await migrateToLatest(database);
      return await work(database, url);
    } finally {
      await database.close();
    }
  };
  if (engine === 'postgres') return withPostgresDatabase(name, open);
  const folder = mkdtempSync(join(tmpdir(), `${name}-`));
  try {
    return await open(`sqlite:${join(folder, 'ward.db')}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
