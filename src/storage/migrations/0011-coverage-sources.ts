import type { Kysely } from 'kysely';

// Vulnerability knowledge beyond NVD's applicability data (issue 12): CVE JSON 5 records with the
// CNA's `affected` products and CISA's ADP "Vulnrichment" container, and OSV records of Linux
// distributions. National reference data (no organisation id), like the other intel tables.
//
// `cve5_products` indexes which (vendor, product) each record names, by CPE or by the CNA's free
// text keyed like a CPE name, so matching looks candidates up as it does `cve_cpe_matches`.
// `cve5_name_generations` stamps free-text product keys with the NVD generation counter: a product
// version whose name a later CVE 5 load mentions is re-matched (CPE-named products are stamped in
// `intel_product_generations`, as NVD's are). `osv_packages` has one row per (record, affected
// entry, package name), binaries included, looked up by (distro, package).
//
// `exposure_product_cves.source` says which source proved each stored match (nvd, cve5,
// vulnrichment); `exposure_product_dismissals` keeps the matches a higher-precedence source
// overruled, with the reason, so "not vulnerable, because" can be shown.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cve5_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assigner', 'text')
    .addColumn('published', 'text')
    .addColumn('updated', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('cvss_score', 'real')
    .addColumn('cvss_vector', 'text')
    .addColumn('cvss_source', 'text')
    .addColumn('ssvc_exploitation', 'text')
    .addColumn('ssvc_automatable', 'text')
    .addColumn('ssvc_technical_impact', 'text')
    .addColumn('kev_date_added', 'text')
    // JSON arrays of the containers' affected entries (cpes, versions, defaultStatus, …).
    .addColumn('cna_affected', 'text', (c) => c.notNull())
    .addColumn('adp_affected', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('intel_sources.id'))
    .execute();

  await db.schema
    .createTable('cve5_products')
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cve5_products_pk', ['cve_id', 'origin', 'vendor', 'product', 'via'])
    .execute();
  await db.schema.createIndex('cve5_products_product_idx').on('cve5_products').columns(['product', 'vendor']).execute();

  await db.schema
    .createTable('cve5_name_generations')
    .addColumn('product', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('osv_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('published', 'text')
    .addColumn('withdrawn', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('cves', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull().references('intel_sources.id'))
    .execute();

  await db.schema
    .createTable('osv_packages')
    .addColumn('osv_id', 'text', (c) => c.notNull())
    .addColumn('entry_index', 'integer', (c) => c.notNull())
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('distro', 'text', (c) => c.notNull())
    .addColumn('ecosystem', 'text', (c) => c.notNull())
    // JSON: the affected entry (source name, ranges, versions).
    .addColumn('affected', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('osv_packages_pk', ['osv_id', 'entry_index', 'package'])
    .execute();
  await db.schema.createIndex('osv_packages_lookup_idx').on('osv_packages').columns(['distro', 'package']).execute();

  await db.schema
    .createTable('osv_cves')
    .addColumn('osv_id', 'text', (c) => c.notNull())
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('osv_cves_pk', ['osv_id', 'cve_id'])
    .execute();
  await db.schema.createIndex('osv_cves_cve_idx').on('osv_cves').columns(['cve_id']).execute();

  await db.schema.alterTable('exposure_product_cves').addColumn('source', 'text', (c) => c.notNull().defaultTo('nvd')).execute();

  await db.schema
    .createTable('exposure_product_dismissals')
    .addColumn('product_id', 'text', (c) => c.notNull().references('exposure_products.id'))
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('overruled', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exposure_product_dismissals_pk', ['product_id', 'cve_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exposure_product_dismissals').execute();
  await db.schema.alterTable('exposure_product_cves').dropColumn('source').execute();
  for (const table of ['osv_cves', 'osv_packages', 'osv_records', 'cve5_name_generations', 'cve5_products', 'cve5_records']) {
    await db.schema.dropTable(table).execute();
  }
}
