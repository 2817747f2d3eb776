import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { authorize } from '../../core/authorization.js';
import type { Clock } from '../../core/clock.js';
import { invalidInput, notFound, WardError } from '../../core/errors.js';
import type { Actor } from '../../core/principal.js';
import type { DatabaseTarget } from '../../storage/database-url.js';
import { migrateToLatest } from '../../storage/migrate.js';
import { openDatabase, type WardDatabase } from '../../storage/open-database.js';
import { defaultSecuritySettings } from '../context.js';
import { appendAudit } from '../audit/append-audit.js';
import { verifyAudit, type AuditVerification } from '../audit/verify-audit.js';
import { hashFile } from '../imports/hash-file.js';
import { runPostgresTool } from './postgres-tools.js';

export type RestoreInput = { file: string; force?: boolean };
export type RestoreResult = { engine: 'sqlite' | 'postgres'; file: string; sha256: string; replaced: boolean; audit: AuditVerification };

type BackupKind = 'sqlite' | 'postgres';

/** The tables every Ward backup must hold: without them it is some other database. */
const requiredTables = ['audit_log', 'kysely_migration', 'organisations'] as const;

/**
 * `ward restore FILE`: puts a `ward backup` file back. The file is checked first (its kind from its
 * first bytes, the engine it belongs to, SQLite's integrity check or pg_restore's table of contents,
 * Ward's tables present); a database that already holds data (audit entries or organisations) is
 * only replaced with `force`. Then the schema is brought up to date, the restore is audited, and the
 * audit chain is verified. Stop `ward serve` and workers first: they would keep the old data open.
 */
export async function restoreDatabase(target: DatabaseTarget, clock: Clock, actor: Actor, input: RestoreInput): Promise<RestoreResult> {
  authorize(actor.principal, 'database:restore');
  const kind = backupKind(input.file);
  if (kind !== target.engine) {
    throw invalidInput(`${basename(input.file)} is a ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup: restore it into a ${kind === 'sqlite' ? 'sqlite:' : 'postgres://'} database, not ${target.display}`);
  }
  if (kind === 'sqlite') checkSqliteBackup(input.file);
  else await checkPostgresBackup(input.file);
  const sha256 = await hashFile(input.file);

  const held = await heldData(target);
  if (held > 0 && !input.force) {
    throw new WardError('CONFLICT', `The database at ${target.display} already holds data (${held} audit entries and organisations): restore with --force to replace it`);
  }
  if (target.engine === 'sqlite') {
    const source = new SqliteDatabase(input.file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(target.path);
    } finally {
      source.close();
    }
  } else {
    await runPostgresTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', input.file], target.url);
  }

  const database = await openDatabase(target);
  try {
    await migrateToLatest(database);
    const now = clock.now();
    await database.db.transaction().execute((trx) =>
      appendAudit(trx, database.capabilities, actor, { action: 'database.restored', objectType: 'database', objectId: null, organisationId: null, details: { file: basename(input.file), sha256, replaced: held > 0 } }, now),
    );
    const audit = await verifyAudit({ database, clock, security: defaultSecuritySettings }, actor);
    return { engine: target.engine, file: input.file, sha256, replaced: held > 0, audit };
  } finally {
    await database.close();
  }
}

/** SQLite files start with "SQLite format 3\0", pg_dump's custom format with "PGDMP". */
function backupKind(file: string): BackupKind {
  if (!existsSync(file)) throw notFound(`Backup file ${file}`);
  if (!statSync(file).isFile()) throw invalidInput(`${file} is not a file`);
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  throw invalidInput(`${basename(file)} is not a Ward backup: neither a SQLite database nor a pg_dump custom-format archive`);
}

function checkSqliteBackup(file: string): void {
  let source: SqliteDatabase.Database | undefined;
  try {
    source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    const integrity = source.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw invalidInput(`${basename(file)} fails SQLite's integrity check: ${String(integrity)}`);
    const tables = new Set((source.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name));
    const missing = requiredTables.filter((t) => !tables.has(t));
    if (missing.length > 0) throw invalidInput(`${basename(file)} is a SQLite database but not a Ward backup: no ${missing.join(', ')} table`);
  } catch (error) {
    if (error instanceof WardError) throw error;
    throw invalidInput(`${basename(file)} cannot be read as a SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    source?.close();
  }
}

async function checkPostgresBackup(file: string): Promise<void> {
  let listing: string;
  try {
    listing = await runPostgresTool('pg_restore', ['--list', file]);
  } catch (error) {
    if (error instanceof WardError && error.code === 'CONFIG_INVALID') throw error;
    throw invalidInput(`${basename(file)} cannot be read as a pg_dump archive: ${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = requiredTables.filter((t) => !new RegExp(`\\bTABLE (DATA )?\\S+ ${t}\\b`).test(listing));
  if (missing.length > 0) throw invalidInput(`${basename(file)} is a pg_dump archive but not a Ward backup: no ${missing.join(', ')} table`);
}

/** Audit entries plus organisations in the target; 0 for a new or freshly migrated database. */
async function heldData(target: DatabaseTarget): Promise<number> {
  if (target.engine === 'sqlite' && (!existsSync(target.path) || statSync(target.path).size === 0)) return 0;
  const database: WardDatabase = await openDatabase(target);
  try {
    const tables = new Set((await database.db.introspection.getTables()).map((t) => t.name));
    if (!tables.has('audit_log') || !tables.has('organisations')) return 0;
    const row = await sql<{ n: number | string }>`select (select count(*) from audit_log) + (select count(*) from organisations) as n`.execute(database.db);
    return Number(row.rows[0]?.n ?? 0);
  } finally {
    await database.close();
  }
}
