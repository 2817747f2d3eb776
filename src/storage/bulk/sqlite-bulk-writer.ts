import type SqliteDatabase from 'better-sqlite3';
import type { BulkTable, BulkValue, BulkWriter } from './bulk-writer.js';

/** 100 rows per statement measured fastest (STACK.md §3.1) and stays far below SQLite's 32,766 parameters. */
const defaultRowsPerStatement = 100;

type Pending = { table: BulkTable; values: BulkValue[]; rows: number };

/** Prepared statements live as long as their connection, so every import reuses them. */
const statementCache = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

/**
 * SQLite adapter: multi-row INSERTs through cached prepared statements on the raw better-sqlite3
 * connection. Kysely runs on that same single connection, so these statements are inside
 * whatever transaction Kysely has begun.
 */
export class SqliteBulkWriter implements BulkWriter {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly connection: SqliteDatabase.Database,
    private readonly rowsPerStatement = defaultRowsPerStatement,
  ) {}

  write(table: BulkTable, row: readonly BulkValue[]): Promise<void> {
    let batch = this.pending.get(table.name);
    if (!batch) {
      batch = { table, values: [], rows: 0 };
      this.pending.set(table.name, batch);
    }
    for (const value of row) batch.values.push(value);
    batch.rows += 1;
    if (batch.rows >= this.rowsPerStatement) this.run(batch);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    for (const batch of this.pending.values()) if (batch.rows > 0) this.run(batch);
    return Promise.resolve();
  }

  private run(batch: Pending): void {
    for (const parent of batch.table.references ?? []) {
      const queued = this.pending.get(parent);
      if (queued && queued.rows > 0) this.run(queued);
    }
    this.statement(batch.table, batch.rows).run(batch.values);
    batch.values = [];
    batch.rows = 0;
  }

  private statement(table: BulkTable, rows: number): SqliteDatabase.Statement {
    let cache = statementCache.get(this.connection);
    if (!cache) {
      cache = new Map();
      statementCache.set(this.connection, cache);
    }
    const key = `${table.name}:${table.columns.length}:${rows}`;
    let statement = cache.get(key);
    if (!statement) {
      const tuple = `(${table.columns.map(() => '?').join(',')})`;
      const columns = table.columns.map((c) => `"${c}"`).join(',');
      statement = this.connection.prepare(`insert into "${table.name}" (${columns}) values ${Array.from({ length: rows }, () => tuple).join(',')}`);
      cache.set(key, statement);
    }
    return statement;
  }
}
