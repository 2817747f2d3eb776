import type { Kysely } from 'kysely';

// Accounts of cloud services (an Entra ID tenant) as one import reported them, and how the import
// judged each account's MFA. The service is a device of asset kind `cloud-service`, so "current"
// follows the devices' rule: the newest completed import per (service, format).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cloud_accounts')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_principal_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    // admin, user, or null when the source does not say (sign-in logs).
    .addColumn('role', 'text')
    .addColumn('user_type', 'text')
    // enforced, not-enforced, capable, not-capable, unknown (ingest/evidence.ts MfaState).
    .addColumn('mfa_state', 'text', (c) => c.notNull())
    .addColumn('mfa_judged_by', 'text', (c) => c.notNull())
    .addColumn('methods', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_line', 'integer')
    .addColumn('source_path', 'text')
    .addPrimaryKeyConstraint('cloud_accounts_pk', ['organisation_id', 'import_id', 'seq'])
    .execute();
  await db.schema.createIndex('cloud_accounts_device_idx').on('cloud_accounts').columns(['organisation_id', 'device_id']).execute();
  await db.schema.alterTable('imports').addColumn('cloud_account_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('imports').dropColumn('cloud_account_count').execute();
  await db.schema.dropTable('cloud_accounts').execute();
}
