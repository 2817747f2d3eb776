import type { Kysely } from 'kysely';

// Incident readiness: contacts, response plans, exercises and their actions, communication drills
// and incident reports. Portable types only; every tenant-owned table leads with organisation_id.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A contact's webhook is a row of `webhooks` (same signing and delivery) that alert notices skip.
  await db.schema.alterTable('webhooks').addColumn('purpose', 'text', (c) => c.notNull().defaultTo('alerts')).execute();

  await db.schema
    .createTable('readiness_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Null: the national team's contact.
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    // Out of band: an address outside the organisation's own mail system (which an incident may take down).
    .addColumn('alt_email', 'text')
    .addColumn('phone', 'text')
    .addColumn('webhook_id', 'text', (c) => c.references('webhooks.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema.createIndex('readiness_contacts_org_idx').on('readiness_contacts').columns(['organisation_id', 'removed_at']).execute();

  await db.schema
    .createTable('readiness_plan_files')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('readiness_plan_files_pk', ['organisation_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('readiness_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .addColumn('next_review_on', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('document_type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('readiness_plans_org_idx').on('readiness_plans').columns(['organisation_id', 'uploaded_at']).execute();

  await db.schema
    .createTable('readiness_exercises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('scenario', 'text', (c) => c.notNull())
    // JSON array of names or teams.
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('national_bodies_contacted', 'integer', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('readiness_exercises_org_idx').on('readiness_exercises').columns(['organisation_id', 'held_on']).execute();

  await db.schema
    .createTable('readiness_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('exercise_id', 'text', (c) => c.notNull().references('readiness_exercises.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('readiness_actions_due_idx').on('readiness_actions').columns(['status', 'due_on']).execute();

  await db.schema
    .createTable('drills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('window_ends_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();

  await db.schema
    .createTable('drill_organisations')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('drill_id', 'text', (c) => c.notNull().references('drills.id'))
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addColumn('first_acknowledged_at', 'text')
    // Set when the window closed without any acknowledgement.
    .addColumn('flagged_at', 'text')
    .addPrimaryKeyConstraint('drill_organisations_pk', ['organisation_id', 'drill_id'])
    .execute();

  await db.schema
    .createTable('drill_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('drill_id', 'text', (c) => c.notNull().references('drills.id'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('readiness_contacts.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    // SHA-256 of the one-time link's token: the token itself exists only in the message sent.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('outbox_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_ip', 'text')
    .execute();
  await db.schema.createIndex('drill_messages_drill_idx').on('drill_messages').columns(['drill_id', 'organisation_id']).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    // JSON arrays of names.
    .addColumn('systems_affected', 'text', (c) => c.notNull())
    .addColumn('services_affected', 'text', (c) => c.notNull())
    .addColumn('appointments_cancelled', 'integer', (c) => c.notNull())
    .addColumn('operations_cancelled', 'integer', (c) => c.notNull())
    // Whole pounds: £92m fits an integer on both engines; pence would not.
    .addColumn('estimated_cost_pounds', 'integer', (c) => c.notNull())
    .addColumn('national_support_requested', 'integer', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.references('alerts.id'))
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_org_idx').on('incidents').columns(['organisation_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['incidents', 'drill_messages', 'drill_organisations', 'drills', 'readiness_actions', 'readiness_exercises', 'readiness_plans', 'readiness_plan_files', 'readiness_contacts']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('webhooks').dropColumn('purpose').execute();
}
