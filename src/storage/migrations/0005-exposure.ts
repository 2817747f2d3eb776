import { sql, type Kysely } from 'kysely';

// Estate matching. Matching runs once per DISTINCT product version (`exposure_products`), never per
// device; results (`exposure_product_cves`) are joined to devices when an organisation's exposure
// is read. Staleness is tracked by generation numbers: every NVD load bumps the `nvd` counter and
// stamps each (vendor, product) its records name in `intel_product_generations`; a product version
// matched at an older generation than its (vendor, product) is re-matched, nothing else is.
// Like the intel tables these are national (no organisation id): a product version is the same
// whichever organisation runs it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('intel_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('intel_product_generations')
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('intel_product_generations_pk', ['vendor', 'product'])
    .execute();
  // Name-based mapping looks products up by name alone ("openssl" → openssl:openssl).
  await db.schema.createIndex('intel_product_generations_product_idx').on('intel_product_generations').columns(['product', 'vendor']).execute();

  await db.schema
    .createTable('exposure_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('matched_generation', 'integer')
    .addColumn('matched_at', 'text')
    .execute();
  await db.schema.createIndex('exposure_products_product_idx').on('exposure_products').columns(['vendor', 'product', 'matched_generation']).execute();

  await db.schema
    .createTable('exposure_product_cves')
    .addColumn('product_id', 'text', (c) => c.notNull().references('exposure_products.id'))
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addColumn('configuration_index', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON: the cpeMatch entries that matched (criteria, bounds, detail).
    .addColumn('matches', 'text', (c) => c.notNull())
    // JSON nodes the device must ALSO satisfy (e.g. "running on Windows"), null when unconditional.
    .addColumn('requires', 'text')
    .addColumn('fixed_version', 'text')
    .addPrimaryKeyConstraint('exposure_product_cves_pk', ['product_id', 'cve_id', 'configuration_index'])
    .execute();
  await db.schema.createIndex('exposure_product_cves_cve_idx').on('exposure_product_cves').columns(['cve_id']).execute();

  // Intel loaded before this migration: every product it names is at generation 1, so the first
  // read matches everything once.
  await sql`insert into intel_counters (name, value) values ('nvd', 1)`.execute(db);
  await sql`insert into intel_product_generations (vendor, product, generation) select distinct vendor, product, 1 from cve_cpe_matches`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['exposure_product_cves', 'exposure_products', 'intel_product_generations', 'intel_counters']) {
    await db.schema.dropTable(table).execute();
  }
}
