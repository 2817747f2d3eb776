import { sql, type Kysely } from 'kysely';

// Snapshots of one organisation written within the same millisecond (two triggers at once, or an
// injected clock) tied on created_at, so "the latest" could differ between reads. Each snapshot now
// has the organisation's next revision number, unique per organisation: history orders by it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assessments').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  const rows = await sql<{ id: string; organisation_id: string }>`select id, organisation_id from assessments order by organisation_id, created_at, id`.execute(db);
  const next = new Map<string, number>();
  for (const row of rows.rows) {
    const revision = (next.get(row.organisation_id) ?? 0) + 1;
    next.set(row.organisation_id, revision);
    await sql`update assessments set revision = ${revision} where id = ${row.id}`.execute(db);
  }
  await db.schema.createIndex('assessments_organisation_revision_idx').on('assessments').columns(['organisation_id', 'revision']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('assessments_organisation_revision_idx').execute();
  await db.schema.alterTable('assessments').dropColumn('revision').execute();
}
