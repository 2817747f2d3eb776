import type { WardDatabase } from '../storage/open-database.js';
import type { ServiceContext } from './context.js';

const readingDatabases = new WeakMap<WardDatabase, WardDatabase>();

/**
 * The same context with queries going to the database's read connection (`WardDatabase.reader`):
 * for work that only reads and must not queue behind an import holding SQLite's one writing
 * connection (signed-in requests, the national dashboard). It sees committed data only. The same
 * object is returned for the same database, so caches keyed by the database keep working.
 */
export function readingContext(context: ServiceContext): ServiceContext {
  const { database } = context;
  if (!database.reader || database.reader === database.db) return context;
  let reading = readingDatabases.get(database);
  if (!reading) readingDatabases.set(database, (reading = { ...database, db: database.reader }));
  return { ...context, database: reading };
}
