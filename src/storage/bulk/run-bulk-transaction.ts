import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type pg from 'pg';
import { WardError } from '../../core/errors.js';
import type { WardDatabase } from '../open-database.js';
import type { Database } from '../schema.js';
import type { BulkWriter } from './bulk-writer.js';
import { CopyBulkWriter } from './copy-bulk-writer.js';
import { SqliteBulkWriter } from './sqlite-bulk-writer.js';

export type BulkWork<T> = (trx: Transaction<Database>, writer: BulkWriter) => Promise<T>;

/**
 * Runs `work` in ONE transaction shared by Kysely (for ordinary rows and the audit entry) and a
 * bulk writer on the engine's fast path, flushing the writer before commit. Any error rolls
 * everything back; a killed process or a lost connection leaves an uncommitted transaction the
 * engine discards.
 */
export async function runBulkTransaction<T>(database: WardDatabase, work: BulkWork<T>): Promise<T> {
  if (database.capabilities.copyFrom) {
    const pool = database.raw.pool;
    if (!pool) throw new WardError('INTERNAL', 'COPY needs the PostgreSQL pool');
    return withCopyClient(pool, work);
  }
  const connection = database.raw.sqlite;
  if (!connection) throw new WardError('INTERNAL', 'bulk insert needs the SQLite connection');
  return database.db.transaction().execute(async (trx) => {
    const writer = new SqliteBulkWriter(connection);
    const result = await work(trx, writer);
    await writer.flush();
    return result;
  });
}

/**
 * COPY must run on the connection that holds the transaction, so the load takes one client from
 * the pool, puts a Kysely over that client alone and begins the transaction through it.
 */
async function withCopyClient<T>(pool: pg.Pool, work: BulkWork<T>): Promise<T> {
  const client = await pool.connect();
  // A connection dropping mid-load emits 'error' on the client; the failing query reports it.
  const ignore = () => undefined;
  client.on('error', ignore);
  const single = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        // Kysely "releases" after the transaction; the real release is ours, below.
        connect: () => Promise.resolve({ query: client.query.bind<pg.PoolClient['query']>(client), release: ignore }),
        end: () => Promise.resolve(),
      },
    }),
  });
  let failure: unknown;
  try {
    return await single.transaction().execute(async (trx) => {
      const writer = new CopyBulkWriter(client);
      const result = await work(trx, writer);
      await writer.flush();
      return result;
    });
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await single.destroy();
    client.off('error', ignore);
    // A client whose load failed may be mid-COPY or disconnected: never give it back to the pool.
    client.release(failure === undefined ? undefined : true);
  }
}
