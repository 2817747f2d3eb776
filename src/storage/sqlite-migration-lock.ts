import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import { WardError } from '../core/errors.js';

/**
 * Kysely's SQLite adapter takes no lock across connections, so two processes could both see a
 * migration as pending. A write transaction on a small companion file serialises them; it is polled
 * rather than waited on, because a blocking wait would also freeze other connections of this process.
 */
export async function withSqliteMigrationLock<T>(databasePath: string, work: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const lock = new SqliteDatabase(`${databasePath}.migration-lock`);
  lock.pragma('busy_timeout = 0');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      lock.exec('BEGIN IMMEDIATE');
      break;
    } catch (error) {
      const busy = error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY';
      if (!busy || Date.now() > deadline) {
        lock.close();
        throw new WardError('INTERNAL', `Could not take the migration lock on ${databasePath}: ${error instanceof Error ? error.message : 'unknown error'}`, {}, { cause: error });
      }
      await sleep(25);
    }
  }
  try {
    return await work();
  } finally {
    lock.exec('ROLLBACK');
    lock.close();
  }
}
