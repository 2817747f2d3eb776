import type { Kysely } from 'kysely';

// Critical alerts, their per-organisation state and exposure history, webhooks and the outbox of
// notifications. Portable types only; every tenant-owned table leads with organisation_id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Null: a national webhook, told about every organisation.
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    // AES-256-GCM under WARD_SECRET_KEY: the secret must be usable to sign, so it cannot be hashed.
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The same notice enqueued twice (two schedulers, a retried transaction) becomes one row.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text')
    .addColumn('webhook_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('failed_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('guidance', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('ack_deadline', 'text', (c) => c.notNull())
    .addColumn('remediation_deadline', 'text', (c) => c.notNull())
    .addColumn('escalation_interval_minutes', 'integer', (c) => c.notNull())
    // The newest intel load the exposure was computed with: a newer one triggers a recompute.
    .addColumn('intel_seen_at', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_organisations')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('affected_count', 'integer', (c) => c.notNull())
    .addColumn('first_exposed_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('remediated_at', 'text')
    .addColumn('overdue_kind', 'text')
    .addColumn('overdue_at', 'text')
    .addColumn('escalation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated_at', 'text')
    .addColumn('next_escalation_at', 'text')
    .addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exception_state', 'text')
    .addColumn('exception_justification', 'text')
    .addColumn('exception_controls', 'text')
    .addColumn('exception_expires_at', 'text')
    .addColumn('exception_requested_by', 'text')
    .addColumn('exception_requested_at', 'text')
    .addColumn('exception_approved_by', 'text')
    .addColumn('exception_approved_at', 'text')
    // The newest completed import the exposure was computed from.
    .addColumn('evidence_through', 'text')
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_organisations_pk', ['organisation_id', 'alert_id'])
    .execute();
  await db.schema.createIndex('alert_organisations_alert_idx').on('alert_organisations').columns(['alert_id', 'status']).execute();

  await db.schema
    .createTable('alert_affected_assets')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_affected_assets_pk', ['organisation_id', 'alert_id', 'device_id'])
    .execute();

  await db.schema
    .createTable('alert_exposure_snapshots')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('affected_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_exposure_snapshots_pk', ['organisation_id', 'alert_id', 'seq'])
    .execute();
  await db.schema.createIndex('alert_exposure_snapshots_alert_idx').on('alert_exposure_snapshots').columns(['alert_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_exposure_snapshots', 'alert_affected_assets', 'alert_organisations', 'alerts', 'outbox', 'webhooks']) {
    await db.schema.dropTable(table).execute();
  }
}
