/**
 * What differs between the engines, as flags rather than engine-name checks, so code asks "can I?"
 * and a third engine only has to answer the same questions.
 */
export type EngineCapabilities = {
  /** Advisory locks serialise writers across processes (PostgreSQL); SQLite has one writer anyway. */
  advisoryLocks: boolean;
  /** `COPY … FROM STDIN` for bulk loads. */
  copyFrom: boolean;
  /** Trigger bodies in PL/pgSQL (PostgreSQL) rather than SQLite's `RAISE(ABORT)`. */
  plpgsqlTriggers: boolean;
  /** `SELECT … FOR UPDATE SKIP LOCKED`: several processes claim disjoint rows (queues, outbox). */
  skipLocked: boolean;
};

export const sqliteCapabilities: EngineCapabilities = { advisoryLocks: false, copyFrom: false, plpgsqlTriggers: false, skipLocked: false };
export const postgresCapabilities: EngineCapabilities = { advisoryLocks: true, copyFrom: true, plpgsqlTriggers: true, skipLocked: true };
