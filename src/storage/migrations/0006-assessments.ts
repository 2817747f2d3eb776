import type { Kysely } from 'kysely';

// CE+ assessment storage: snapshots with their history, the organisations due for re-assessment,
// stored samples, assessor records and their attachments, and which imports were boundary scans.
// Portable types only; JSON as text; attachments as base64 text (no portable blob type).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('ce_version', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    // The newest completed import of the organisation when assessed (null: none yet).
    .addColumn('evidence_import_id', 'text')
    .addColumn('evidence_at', 'text')
    // The newest intel_sources row when assessed (null: no intel loaded).
    .addColumn('intel_source_id', 'text')
    .addColumn('intel_at', 'text')
    .addColumn('input_digest', 'text', (c) => c.notNull())
    .addColumn('device_count', 'integer', (c) => c.notNull())
    .addColumn('applicable', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('not_evidenced', 'integer', (c) => c.notNull())
    .addColumn('percent', 'real')
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('acceptable', 'integer', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    // JSON: Score (byControl, byArea, acceptable), rule outcomes, compact checks, remediation plan.
    .addColumn('score', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('checks', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessments_organisation_created_idx').on('assessments').columns(['organisation_id', 'created_at']).execute();

  await db.schema
    .createTable('assessment_due')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('boundary_scans')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('boundary_scans_pk', ['organisation_id', 'import_id'])
    .execute();

  await db.schema
    .createTable('assessment_samples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('device_ids', 'text', (c) => c.notNull())
    .addColumn('calculation', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('assessment_samples_round_unique', ['organisation_id', 'round'])
    .execute();

  await db.schema
    .createTable('assessment_manual_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('test', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('cloud_service_id', 'text')
    .addColumn('account_role', 'text')
    .addColumn('account_id', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_manual_results_org_idx').on('assessment_manual_results').columns(['organisation_id', 'recorded_at']).execute();

  await db.schema
    .createTable('assessment_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('manual_result_id', 'text', (c) => c.notNull().references('assessment_manual_results.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assessment_attachments_result_idx').on('assessment_attachments').columns(['organisation_id', 'manual_result_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['assessment_attachments', 'assessment_manual_results', 'assessment_samples', 'boundary_scans', 'assessment_due', 'assessments']) {
    await db.schema.dropTable(table).execute();
  }
}
