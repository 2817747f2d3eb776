import { sql, type RawBuilder } from 'kysely';

/** Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters at 15 columns. */
export const rowsPerStatement = 500;

export function chunks<T>(items: readonly T[], size = rowsPerStatement): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * `SET column = excluded.column` for each column, the upsert both engines share. Typed `never` so
 * it fits any table's update object; the column names come from the row being inserted.
 */
export function fromExcluded(columns: readonly string[]): Record<string, RawBuilder<never>> {
  return Object.fromEntries(columns.map((column) => [column, sql.ref<never>(`excluded.${column}`)]));
}

/** Last occurrence wins when a file repeats a key, since one INSERT … ON CONFLICT may not touch a row twice. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}
