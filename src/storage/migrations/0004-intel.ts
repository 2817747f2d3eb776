import type { Kysely } from 'kysely';

// Vulnerability intelligence is national reference data, not organisation data, so no table here
// carries an organisation id. Every table is keyed by the identity the feed itself uses (CVE id,
// product + cycle, …) so that loading a newer file upserts instead of duplicating. Only the
// portable column types text, integer and real are used, as in 0001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intel_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('feed_version', 'text')
    .addColumn('feed_date', 'text')
    .addColumn('model_version', 'text')
    .addColumn('score_date', 'text')
    .execute();
  await db.schema.createIndex('intel_sources_kind_idx').on('intel_sources').columns(['kind', 'loaded_at']).execute();

  await db.schema
    .createTable('cves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('published', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cvss_v2_score', 'real')
    .addColumn('cvss_v2_vector', 'text')
    .addColumn('cvss_v3_score', 'real')
    .addColumn('cvss_v3_vector', 'text')
    .addColumn('cvss_v4_score', 'real')
    .addColumn('cvss_v4_vector', 'text')
    .addColumn('cwes', 'text', (c) => c.notNull())
    .addColumn('configurations', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('intel_sources.id'))
    .execute();

  await db.schema
    .createTable('cve_cpe_matches')
    .addColumn('cve_id', 'text', (c) => c.notNull().references('cves.id').onDelete('cascade'))
    .addColumn('configuration_index', 'integer', (c) => c.notNull())
    .addColumn('node_index', 'integer', (c) => c.notNull())
    .addColumn('match_index', 'integer', (c) => c.notNull())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('version_start_including', 'text')
    .addColumn('version_start_excluding', 'text')
    .addColumn('version_end_including', 'text')
    .addColumn('version_end_excluding', 'text')
    .addColumn('vulnerable', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cve_cpe_matches_pk', ['cve_id', 'configuration_index', 'node_index', 'match_index'])
    .execute();
  // The matcher's entry point: candidate CVEs for one (vendor, product) without reading every CVE.
  await db.schema.createIndex('cve_cpe_matches_product_idx').on('cve_cpe_matches').columns(['vendor', 'product', 'cve_id']).execute();

  await db.schema
    .createTable('kev_entries')
    .addColumn('cve_id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_project', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date_added', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('short_description', 'text', (c) => c.notNull())
    .addColumn('required_action', 'text', (c) => c.notNull())
    .addColumn('ransomware', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('cwes', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('intel_sources.id'))
    .execute();

  await db.schema
    .createTable('epss_scores')
    .addColumn('cve_id', 'text', (c) => c.primaryKey())
    .addColumn('epss', 'real', (c) => c.notNull())
    .addColumn('percentile', 'real', (c) => c.notNull())
    .addColumn('model_version', 'text')
    .addColumn('score_date', 'text')
    .addColumn('source_id', 'text', (c) => c.notNull().references('intel_sources.id'))
    .execute();

  await db.schema
    .createTable('lifecycle_releases')
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('release_date', 'text')
    .addColumn('support_end', 'text')
    .addColumn('eol', 'text')
    .addColumn('extended_support_end', 'text')
    .addColumn('lts', 'integer', (c) => c.notNull())
    .addColumn('latest', 'text')
    .addColumn('source_id', 'text', (c) => c.notNull().references('intel_sources.id'))
    .addPrimaryKeyConstraint('lifecycle_releases_pk', ['product', 'cycle'])
    .execute();

  await db.schema
    .createTable('msrc_remediations')
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('kb', 'text', (c) => c.notNull())
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('release_date', 'text', (c) => c.notNull())
    .addColumn('sub_type', 'text')
    .addColumn('fixed_build', 'text')
    .addColumn('supersedes', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('intel_sources.id'))
    .addPrimaryKeyConstraint('msrc_remediations_pk', ['cve_id', 'product_id', 'kb'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['msrc_remediations', 'lifecycle_releases', 'epss_scores', 'kev_entries', 'cve_cpe_matches', 'cves', 'intel_sources']) {
    await db.schema.dropTable(table).execute();
  }
}
