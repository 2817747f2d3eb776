import type { Kysely } from 'kysely';

// Who refused an organisation's exception request, when, and the reason it was told: shown on its
// alert page and on the board (the audit log keeps every decision; these columns the latest).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alert_organisations').addColumn('exception_rejected_by', 'text').execute();
  await db.schema.alterTable('alert_organisations').addColumn('exception_rejected_at', 'text').execute();
  await db.schema.alterTable('alert_organisations').addColumn('exception_rejection_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('alert_organisations').dropColumn('exception_rejection_reason').execute();
  await db.schema.alterTable('alert_organisations').dropColumn('exception_rejected_at').execute();
  await db.schema.alterTable('alert_organisations').dropColumn('exception_rejected_by').execute();
}
