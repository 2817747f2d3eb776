import type { CreateTableBuilder, Kysely } from 'kysely';

// Evidence tables. Portable types only (text, integer, bigint, real), so the same file runs on
// SQLite and PostgreSQL; lists and maps are JSON text. Every table leads with organisation_id, the
// tenancy (and Citus distribution) column. Per-import rows are keyed (organisation_id, import_id,
// seq) so a bulk load appends in key order and an import's rows are one index range.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('parser_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('asset_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('software_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('finding_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('service_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('observation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addUniqueConstraint('imports_organisation_sha256_unique', ['organisation_id', 'sha256'])
    .execute();
  await db.schema.createIndex('imports_organisation_created_idx').on('imports').columns(['organisation_id', 'created_at']).execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('hostname', 'text')
    .addColumn('fqdn', 'text')
    .addColumn('netbios_name', 'text')
    .addColumn('serial_number', 'text')
    .addColumn('mac_addresses', 'text', (c) => c.notNull())
    .addColumn('ip_addresses', 'text', (c) => c.notNull())
    .addColumn('os_name', 'text')
    .addColumn('os_family', 'text')
    .addColumn('os_version', 'text')
    .addColumn('os_build', 'text')
    .addColumn('asset_kind', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('in_scope', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('devices_organisation_idx').on('devices').columns(['organisation_id', 'hostname']).execute();

  await perImport(db, 'device_observations', (t) =>
    t
      .addColumn('asset_ref', 'text', (c) => c.notNull())
      .addColumn('matched_by', 'text', (c) => c.notNull())
      .addColumn('hostname', 'text')
      .addColumn('fqdn', 'text')
      .addColumn('netbios_name', 'text')
      .addColumn('serial_number', 'text')
      .addColumn('mac_addresses', 'text', (c) => c.notNull())
      .addColumn('ip_addresses', 'text', (c) => c.notNull())
      .addColumn('os_name', 'text')
      .addColumn('os_family', 'text')
      .addColumn('os_version', 'text')
      .addColumn('os_build', 'text')
      .addColumn('os_details', 'text')
      .addColumn('asset_kind', 'text', (c) => c.notNull())
      .addColumn('credentialed', 'integer')
      .addColumn('scan_started_at', 'text')
      .addColumn('scan_ended_at', 'text')
      .addColumn('last_seen_at', 'text')
      .addColumn('owner', 'text')
      .addColumn('in_scope', 'integer')
      .addColumn('external_ids', 'text')
      .addColumn('source_line', 'integer')
      .addColumn('source_path', 'text'),
  );

  await perImport(db, 'software', (t) =>
    t
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('vendor', 'text')
      .addColumn('version', 'text')
      .addColumn('cpe', 'text')
      .addColumn('purl', 'text')
      .addColumn('package_type', 'text')
      .addColumn('installed_at', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_line', 'integer')
      .addColumn('source_path', 'text'),
  );

  await perImport(db, 'findings', (t) =>
    t
      .addColumn('tool', 'text', (c) => c.notNull())
      .addColumn('check_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('cves', 'text', (c) => c.notNull())
      .addColumn('cvss', 'text', (c) => c.notNull())
      .addColumn('port', 'integer')
      .addColumn('protocol', 'text')
      .addColumn('service', 'text')
      .addColumn('solution', 'text')
      .addColumn('fix_published_at', 'text')
      .addColumn('vuln_published_at', 'text')
      .addColumn('first_seen_at', 'text')
      .addColumn('last_seen_at', 'text')
      .addColumn('confidence', 'real')
      .addColumn('output', 'text')
      .addColumn('source_line', 'integer')
      .addColumn('source_path', 'text'),
  );

  await perImport(db, 'services', (t) =>
    t
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('protocol', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('service', 'text')
      .addColumn('product', 'text')
      .addColumn('version', 'text')
      .addColumn('cpes', 'text', (c) => c.notNull())
      .addColumn('source_line', 'integer')
      .addColumn('source_path', 'text'),
  );

  await perImport(db, 'observations', (t) =>
    t
      .addColumn('key', 'text', (c) => c.notNull())
      // JSON, so a boolean, a number and a string read back as what the parser said.
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('observed_at', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_line', 'integer')
      .addColumn('source_path', 'text'),
  );

  await db.schema
    .createTable('import_warnings')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('line', 'integer')
    .addColumn('path', 'text')
    .addPrimaryKeyConstraint('import_warnings_pk', ['organisation_id', 'import_id', 'seq'])
    .execute();
}

/** A table of rows that one import produced about one device. */
type KeyColumns = 'organisation_id' | 'import_id' | 'seq' | 'device_id';

async function perImport(db: Kysely<unknown>, table: string, columns: (t: CreateTableBuilder<string, KeyColumns>) => CreateTableBuilder<string, string>): Promise<void> {
  const base = db.schema
    .createTable(table)
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addPrimaryKeyConstraint(`${table}_pk`, ['organisation_id', 'import_id', 'seq']);
  await columns(base).execute();
  await db.schema.createIndex(`${table}_device_idx`).on(table).columns(['organisation_id', 'device_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['import_warnings', 'observations', 'services', 'findings', 'software', 'device_observations', 'devices', 'imports']) {
    await db.schema.dropTable(table).execute();
  }
}
