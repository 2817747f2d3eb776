import type { Kysely } from 'kysely';

// Where each online intelligence source was last synced to. One row per source (`nvd`, `kev`, …),
// written only in the transaction that stores a sync's data, so a failed sync leaves it unchanged.
// `synced_through` is what the next sync starts from: for NVD the lastModEndDate of the last window
// stored, for the snapshot feeds the time of the last successful fetch. National reference data:
// no organisation id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intel_sync_state')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('synced_through', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intel_sync_state').execute();
}
