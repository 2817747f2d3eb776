import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { migrateToLatest } from '../storage/migrate.js';
import { openDatabase, type WardDatabase } from '../storage/open-database.js';
import type { DatabaseTarget } from '../storage/database-url.js';

export type EngineName = 'sqlite' | 'postgres';

export type EngineHarness = {
  engine: EngineName;
  /** node:test's `test`, with the engine appended to the name so the summary can count per engine. */
  it: (name: string, fn: () => Promise<void> | void) => void;
  /** A fresh, migrated database of this engine, private to the calling suite. */
  database: () => WardDatabase;
  /** The URL the CLI takes for the same database. */
  url: () => string;
};

/**
 * Runs a suite once per database engine, each on a database of its own. Test names carry the engine
 * in brackets (use the harness's `it`); the test runner's summary counts tests per engine from them. PostgreSQL comes from
 * WARD_TEST_PG_URL (scripts/run-tests.ts starts a cluster when none is given); without it the
 * PostgreSQL suites are skipped loudly, and under CI that is a failure.
 */
export function describeEachEngine(name: string, body: (harness: EngineHarness) => void, options: { migrate?: boolean } = {}): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    const pgUrl = process.env.WARD_TEST_PG_URL;
    if (engine === 'postgres' && !pgUrl) {
      if (process.env.CI === 'true') {
        describe(`${name} [postgres]`, () => {
          before(() => {
            throw new Error('WARD_TEST_PG_URL is not set and CI=true: PostgreSQL tests cannot be skipped in CI');
          });
        });
      } else {
        describe(`${name} [postgres]`, { skip: 'no PostgreSQL: set WARD_TEST_PG_URL or install PostgreSQL' }, () => undefined);
      }
      continue;
    }
    describe(`${name} [${engine}]`, () => {
      let database: WardDatabase | undefined;
      let target: DatabaseTarget | undefined;
      let cleanup: () => Promise<void> = () => Promise.resolve();
      before(async () => {
        const created = engine === 'sqlite' ? createSqlite() : await createPostgres(pgUrl ?? '');
        target = created.target;
        cleanup = created.cleanup;
        database = await openDatabase(target);
        if (options.migrate !== false) await migrateToLatest(database);
      });
      after(async () => {
        await database?.close();
        await cleanup();
      });
      body({
        engine,
        it: (testName, fn) => void test(`${testName} [${engine}]`, fn),
        database: () => {
          if (!database) throw new Error('database used outside a test');
          return database;
        },
        url: () => {
          if (!target) throw new Error('database used outside a test');
          return target.engine === 'sqlite' ? `sqlite:${target.path}` : target.url;
        },
      });
    });
  }
}

/**
 * Another empty database of the engine, beside the suite's own (restores, second processes): a new
 * SQLite file, or a new database on the WARD_TEST_PG_URL server. Not migrated. `cleanup` removes it.
 */
export async function createEmptyDatabase(engine: EngineName): Promise<{ target: DatabaseTarget; url: string; cleanup: () => Promise<void> }> {
  const created = engine === 'sqlite' ? createSqlite() : await createPostgres(process.env.WARD_TEST_PG_URL ?? '');
  return { ...created, url: created.target.engine === 'sqlite' ? `sqlite:${created.target.path}` : created.target.url };
}

function createSqlite(): { target: DatabaseTarget; cleanup: () => Promise<void> } {
  const folder = mkdtempSync(join(tmpdir(), 'ward-sqlite-'));
  const path = join(folder, 'ward.db');
  return { target: { engine: 'sqlite', path, display: path }, cleanup: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })) };
}

async function createPostgres(adminUrl: string): Promise<{ target: DatabaseTarget; cleanup: () => Promise<void> }> {
  const name = `ward_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { engine: 'postgres', url: url.href, display: url.href },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
