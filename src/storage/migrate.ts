import { Migrator } from 'kysely';
import { WardError } from '../core/errors.js';
import { migrationProvider } from './migrations/index.js';
import type { WardDatabase } from './open-database.js';
import { withSqliteMigrationLock } from './sqlite-migration-lock.js';

export type MigrationOutcome = { applied: string[]; current: string | null };

/**
 * Applies pending migrations. Kysely's migrator takes an advisory lock on PostgreSQL, so two servers
 * starting at once apply each migration exactly once; SQLite gets a lock of our own.
 */
export async function migrateToLatest(database: WardDatabase): Promise<MigrationOutcome> {
  const { target } = database;
  if (!database.capabilities.advisoryLocks && target.engine === 'sqlite') {
    return withSqliteMigrationLock(target.path, () => migrateUnderLock(database));
  }
  return migrateUnderLock(database);
}

async function migrateUnderLock(database: WardDatabase): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db: database.db, provider: migrationProvider(database.capabilities) });
  const { error, results } = await migrator.migrateToLatest();
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error !== undefined) {
    const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new WardError('INTERNAL', `Migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`, {}, { cause: error });
  }
  const all = await migrator.getMigrations();
  const executed = all.filter((m) => m.executedAt !== undefined);
  return { applied, current: executed.at(-1)?.name ?? null };
}

/** True when every known migration has run: used to refuse serving an outdated schema. */
export async function pendingMigrations(database: WardDatabase): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: migrationProvider(database.capabilities) });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
