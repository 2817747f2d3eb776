import type { Database } from '../storage/schema.js';
import type { WardDatabase } from '../storage/open-database.js';

/** Every table an import writes to, the import row included. */
export const evidenceTables = ['imports', 'devices', 'device_observations', 'software', 'findings', 'services', 'observations', 'import_warnings'] as const satisfies readonly (keyof Database)[];

/** Rows per evidence table for one organisation: all zero after an import that left nothing. */
export async function evidenceRowCounts(database: WardDatabase, organisationId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of evidenceTables) {
    const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** The counts of an organisation with no evidence at all. */
export const noEvidence: Record<string, number> = Object.fromEntries(evidenceTables.map((table) => [table, 0]));
