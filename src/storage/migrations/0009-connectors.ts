import type { Kysely } from 'kysely';

// Outbound connectors (Microsoft Defender for Endpoint first). One connector per organisation and
// kind; its client secret is stored encrypted (AES-256-GCM, key from WARD_SECRET_KEY), never in
// clear. A pull spools each API page it fetched into connector_pull_pages as it goes, so an
// interrupted pull resumes where it stopped; the pages are deleted once the pull is imported (or
// refused). Portable types only, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connectors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('next_pull_at', 'text')
    .addColumn('last_pull_at', 'text')
    .addColumn('last_status', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_import_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('connectors_organisation_kind_unique', ['organisation_id', 'kind'])
    .execute();
  await db.schema.createIndex('connectors_due_idx').on('connectors').columns(['enabled', 'next_pull_at']).execute();

  await db.schema
    .createTable('connector_pulls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('connector_id', 'text', (c) => c.notNull().references('connectors.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('import_id', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('connector_pulls_organisation_idx').on('connector_pulls').columns(['organisation_id', 'started_at']).execute();

  await db.schema
    .createTable('connector_pull_pages')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('pull_id', 'text', (c) => c.notNull().references('connector_pulls.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // The page's @odata.nextLink; null on an entity's last page.
    .addColumn('next_link', 'text')
    .addPrimaryKeyConstraint('connector_pull_pages_pk', ['organisation_id', 'pull_id', 'entity', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('connector_pull_pages').execute();
  await db.schema.dropTable('connector_pulls').execute();
  await db.schema.dropTable('connectors').execute();
}
