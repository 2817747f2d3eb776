import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { WardError } from '../core/errors.js';
import { postgresCapabilities, sqliteCapabilities, type EngineCapabilities } from './capabilities.js';
import type { DatabaseTarget } from './database-url.js';
import type { Database } from './schema.js';

/**
 * The driver objects under Kysely, for the bulk-load fast paths only (storage/bulk): the one
 * better-sqlite3 connection, or the pg pool a bulk load takes a dedicated client from.
 */
export type RawConnection = { sqlite?: SqliteDatabase.Database; pool?: pg.Pool };

export type WardDatabase = {
  db: Kysely<Database>;
  /**
   * For reads that must not wait behind a write (sessions, the national dashboard): on SQLite a
   * second, read-only connection (WAL lets it read committed data while the other connection
   * holds an import's transaction); on PostgreSQL the same pool. Absent: use `db`.
   */
  reader?: Kysely<Database>;
  engine: DatabaseTarget['engine'];
  capabilities: EngineCapabilities;
  target: DatabaseTarget;
  raw: RawConnection;
  close(): Promise<void>;
};

export type OpenOptions = { poolSize?: number };

/** Opens the database the target names and proves it answers; an unreachable server is WardError DB_UNREACHABLE. */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<WardDatabase> {
  const { db, raw, reader } = target.engine === 'sqlite' ? openSqlite(target.path) : openPostgres(target.url, options.poolSize ?? 10);
  const capabilities = target.engine === 'sqlite' ? sqliteCapabilities : postgresCapabilities;
  try {
    await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (reader !== db) await reader.destroy().catch(() => undefined);
    throw new WardError('DB_UNREACHABLE', `Cannot reach the database at ${target.display}: ${describeCause(error)}`, {}, { cause: error });
  }
  const close = async () => {
    if (reader !== db) await reader.destroy();
    await db.destroy();
  };
  return { db, reader, engine: target.engine, capabilities, target, raw, close };
}

type Opened = { db: Kysely<Database>; reader: Kysely<Database>; raw: RawConnection };

function openSqlite(path: string): Opened {
  let connection: SqliteDatabase.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    connection = new SqliteDatabase(path);
  } catch (error) {
    throw new WardError('DB_UNREACHABLE', `Cannot open the SQLite database ${path}: ${describeCause(error)}`, {}, { cause: error });
  }
  // WAL lets readers (the web UI) run while an import writes; NORMAL sync is safe under WAL.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 10000');
  // SQLite's default page cache is 2 MB: an organisation's evidence is read many times per
  // assessment, and re-reading it through the OS on every query cost more than the queries.
  connection.pragma('cache_size = -65536');
  connection.pragma('temp_store = MEMORY');
  // Opened after the writer, so the file exists and is already in WAL mode (a read-only connection cannot switch it).
  const readOnly = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  readOnly.pragma('busy_timeout = 10000');
  readOnly.pragma('cache_size = -65536');
  readOnly.pragma('temp_store = MEMORY');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) }),
    reader: new Kysely<Database>({ dialect: new SqliteDialect({ database: readOnly }) }),
    raw: { sqlite: connection },
  };
}

function openPostgres(url: string, poolSize: number): Opened {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, reader: db, raw: { pool } };
}

function describeCause(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeCause(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
