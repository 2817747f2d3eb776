import type { Database } from '../schema.js';

export type BulkValue = string | number | null;

/**
 * A table a bulk load appends to, with the columns each row gives, in order, and the tables its
 * rows reference by foreign key: queued rows of those are always written first.
 */
export type BulkTable = { name: keyof Database; columns: readonly string[]; references?: readonly (keyof Database)[] };

/**
 * The port evidence imports write through: rows are queued per table and written in batches on
 * the engine's fast path, inside the caller's transaction. Rows of one table keep their order;
 * a batch is written only after the queued rows of the tables it references, so a row may refer
 * to a row queued before it. Nothing else is guaranteed about order across tables until `flush`.
 */
export interface BulkWriter {
  write(table: BulkTable, row: readonly BulkValue[]): Promise<void>;
  /** Writes everything queued. Call it before reading or updating rows written through the writer. */
  flush(): Promise<void>;
}
